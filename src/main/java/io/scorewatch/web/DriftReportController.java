package io.scorewatch.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.swagger.v3.oas.annotations.Hidden;

/** A drift run's report: one self-contained HTML page (scripts, styles and data inside). */
@Controller
@Hidden
class DriftReportController {

    private final DriftReports reports;
    private final InlineAssets.Loader assets;

    DriftReportController(DriftReports reports, InlineAssets.Loader assets) {
        this.reports = reports;
        this.assets = assets;
    }

    @GetMapping("/reports/drift-runs/{id}")
    String report(@PathVariable long id, Model model, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", assets.assets().contentSecurityPolicy());
        model.addAttribute("report", reports.report(id));
        model.addAttribute("assets", assets.assets());
        return "drift-report";
    }
}
