package io.scorewatch.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The scripts and styles a report carries inside itself, so that a saved report works offline:
 * the chart library from its WebJar, the page's stylesheet and the chart scripts.
 *
 * @param chartLibrary      uPlot's script
 * @param chartLibraryStyle uPlot's stylesheet
 * @param style             the pages' stylesheet
 * @param charts            the chart helpers the dashboard uses too
 * @param report            the report's own script
 */
record InlineAssets(String chartLibrary, String chartLibraryStyle, String style, String charts, String report) {

    /**
     * The Content-Security-Policy of a report: its inline scripts and styles run by their
     * SHA-256 hashes and nothing else does; it loads nothing from anywhere (images only as data
     * URIs), sends no form and cannot be framed.
     */
    String contentSecurityPolicy() {
        return "default-src 'none'; script-src " + hashes(chartLibrary, charts, report) + "; style-src "
                + hashes(chartLibraryStyle, style) + "; img-src data:; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'";
    }

    static String hashes(String... inline) {
        StringBuilder sources = new StringBuilder();
        for (String text : inline) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
                sources.append(sources.isEmpty() ? "" : " ").append("'sha256-")
                        .append(Base64.getEncoder().encodeToString(digest)).append('\'');
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return sources.toString();
    }

    static final String CHART_LIBRARY = "classpath*:META-INF/resources/webjars/uplot/*/dist/uPlot.iife.min.js";
    static final String CHART_LIBRARY_STYLE = "classpath*:META-INF/resources/webjars/uplot/*/dist/uPlot.min.css";

    @Component
    static class Loader {

        private final InlineAssets assets;

        Loader() {
            this.assets = new InlineAssets(read(CHART_LIBRARY), read(CHART_LIBRARY_STYLE),
                    read("classpath:static/css/scorewatch.css"), read("classpath:static/js/charts.js"),
                    read("classpath:static/js/report.js"));
        }

        InlineAssets assets() {
            return assets;
        }

        static String read(String pattern) {
            try {
                Resource[] found = new PathMatchingResourcePatternResolver().getResources(pattern);
                if (found.length == 0 || !found[0].exists()) {
                    throw new IllegalStateException("Missing " + pattern + " on the classpath");
                }
                try (InputStream in = found[0].getInputStream()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (text.toLowerCase().contains("</script") || text.toLowerCase().contains("</style")) {
                        throw new IllegalStateException(pattern + " cannot be inlined: it closes its element");
                    }
                    return text;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
