package io.scorewatch.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.scorewatch.config.ResourceNotFoundException;
import io.scorewatch.credit.Validation;
import io.scorewatch.credit.ValidationArchive;
import io.scorewatch.credit.ValidationReports;
import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model's monthly validation report: one printable, self-contained HTML page (uPlot, styles,
 * script and data inside), whose Content-Security-Policy runs only its hashed inline scripts.
 */
@Controller
@Hidden
class ValidationReportController {

    private final ValidationReports reports;
    private final ValidationArchive archive;
    private final Assets assets;
    private final JsonMapper json;

    ValidationReportController(ValidationReports reports, ValidationArchive archive, Assets assets, JsonMapper json) {
        this.reports = reports;
        this.archive = archive;
        this.assets = assets;
        this.json = json;
    }

    @GetMapping("/reports/validation/{model}")
    String report(@PathVariable String model, @RequestParam(required = false) String period,
            @RequestParam(required = false) String segment, Model page, HttpServletResponse response) {
        Validation validation = reports.validation(model, period, segment);
        return page(validation, json.writeValueAsString(validation), null, page, response);
    }

    /** A stored validation report: its figures as they were stored, with the thresholds that judged them. */
    @GetMapping("/reports/validation-reports/{id}")
    String stored(@PathVariable long id, Model page, HttpServletResponse response) {
        ValidationArchive.Stored stored = archive.find(id).orElseThrow(() -> new ResourceNotFoundException(
                "Validation report not found", "There is no stored validation report " + id + ".",
                "validation-report-not-found"));
        Validation validation = json.treeToValue(stored.report(), Validation.class);
        return page(validation, json.writeValueAsString(stored.report()), stored, page, response);
    }

    private String page(Validation validation, String data, ValidationArchive.Stored stored, Model page,
            HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", assets.contentSecurityPolicy());
        page.addAttribute("v", validation);
        page.addAttribute("stored", stored);
        page.addAttribute("data", DriftReports.embeddable(data));
        page.addAttribute("assets", assets);
        page.addAttribute("format", new Formats());
        return "validation-report";
    }

    /** How the template writes figures, as the drift report does. */
    static final class Formats {
        public String p(Double p) {
            return ReportFormat.pValue(p);
        }

        public String percent(Double share) {
            return ReportFormat.percent(share);
        }

        public String decimal(Double value, int digits) {
            return ReportFormat.decimal(value, digits);
        }

        public String count(long n) {
            return ReportFormat.count(n);
        }

        public String instant(java.time.Instant instant) {
            return ReportFormat.instant(instant);
        }
    }

    /** The report's inline assets: uPlot, the stylesheets and its own script. */
    @Component
    static class Assets {

        private final InlineAssets base;
        private final String script;

        Assets(InlineAssets.Loader loader) {
            this.base = loader.assets();
            this.script = InlineAssets.Loader.read("classpath:static/js/validation-report.js");
        }

        public String chartLibrary() {
            return base.chartLibrary();
        }

        public String chartLibraryStyle() {
            return base.chartLibraryStyle();
        }

        public String style() {
            return base.style();
        }

        public String script() {
            return script;
        }

        String contentSecurityPolicy() {
            return "default-src 'none'; script-src " + InlineAssets.hashes(base.chartLibrary(), script)
                    + "; style-src " + InlineAssets.hashes(base.chartLibraryStyle(), base.style())
                    + "; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        }
    }
}
