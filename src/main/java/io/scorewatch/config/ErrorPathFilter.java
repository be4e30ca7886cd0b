package io.scorewatch.config;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /error} is where the servlet container forwards a failed request; asked for directly it
 * is a page that does not exist (404), not an error without a status (500). Error dispatches
 * themselves pass, as this filter only sees requests.
 */
class ErrorPathFilter extends OncePerRequestFilter {

    /** Writes the 404 problem. */
    interface NotFound {
        void answer(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private final NotFound notFound;

    ErrorPathFilter(NotFound notFound) {
        this.notFound = notFound;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/error") || path.startsWith("/error/") || path.startsWith("/error;")) {
            notFound.answer(request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
