package io.scorewatch.config;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds how many heavy requests run at once ({@code scorewatch.limits.heavy-reads}): each reads
 * a window of predictions (a drift run or report may take a quarter of the free heap), so any
 * number of them at once would exhaust memory and CPU. A request beyond the bound waits up to
 * {@code heavy-read-wait} for a slot, then is answered 429 with {@code Retry-After}. The bound
 * runs after authentication: only keys that may start the work take a slot.
 */
@Component
class HeavyReadLimitFilter extends OncePerRequestFilter {

    /** A method and a path pattern of a heavy request. */
    private record Heavy(String method, String pattern) {
    }

    private static final List<Heavy> HEAVY = List.of(
            new Heavy("POST", "/api/v1/models/*/drift-runs"),
            new Heavy("GET", "/reports/drift-runs/*"),
            new Heavy("GET", "/api/v1/models/*/metrics"),
            new Heavy("GET", "/api/v1/models/*/dashboard"),
            new Heavy("POST", "/api/v1/models/*/monitoring-runs"));

    private final AntPathMatcher paths = new AntPathMatcher();
    private final Semaphore slots;
    private final HttpLimitsProperties limits;
    private final JsonMapper json;

    HeavyReadLimitFilter(HttpLimitsProperties limits, JsonMapper json) {
        this.slots = new Semaphore(limits.heavyReads(), true);
        this.limits = limits;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return HEAVY.stream().noneMatch(heavy -> heavy.method().equals(request.getMethod())
                && paths.match(heavy.pattern(), path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(limits.heavyReadWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            tooMany(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            slots.release();
        }
    }

    private void tooMany(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long retryAfter = Math.max(1, limits.heavyReadRetryAfter().toSeconds());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, limits.heavyReads()
                + " heavy requests (drift runs and reports, metrics, monitoring runs) are running: the limit"
                + " (scorewatch.limits.heavy-reads). Retry in " + retryAfter + " s.");
        problem.setTitle("Too many heavy requests");
        problem.setType(URI.create("urn:scorewatch:problem:too-many-heavy-requests"));
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader("Retry-After", Long.toString(retryAfter));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
