package io.scorewatch.config;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a state-changing request (any method but GET, HEAD, OPTIONS and TRACE) that a browser
 * sends on behalf of a page of another origin, whatever credentials it carries: a browser resends
 * cached HTTP Basic credentials with a form posted from any site.
 *
 * <p>Browsers say where a request comes from: {@code Sec-Fetch-Site} ({@code same-origin} and
 * {@code none}, a request the user made, pass; {@code same-site} and {@code cross-site} are
 * refused) and, when they send no {@code Sec-Fetch-Site}, {@code Origin} (it passes when it is the
 * service's own origin or one of {@code scorewatch.security.trusted-origins}; {@code null} and any
 * other origin are refused). A request with neither header comes from no browser (the model API,
 * scripts, curl) and passes: it carries its key on purpose.
 */
class CrossOriginWriteFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** Writes the 403 problem with the reason given. */
    interface Refusal {
        void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException;
    }

    private final List<String> trustedOrigins;
    private final Refusal refusal;

    CrossOriginWriteFilter(List<String> trustedOrigins, Refusal refusal) {
        this.trustedOrigins = trustedOrigins.stream().map(CrossOriginWriteFilter::normalized).toList();
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String reason = SAFE_METHODS.contains(request.getMethod()) ? null : crossOrigin(request);
        if (reason == null) {
            chain.doFilter(request, response);
            return;
        }
        refusal.refuse(request, response, "A browser sent this " + request.getMethod() + " from another origin ("
                + reason + "): state-changing requests are accepted only from the service's own pages or from"
                + " clients that are not browsers, whatever credentials they carry.");
    }

    /** Why the request comes from another origin, or null when it does not. */
    private String crossOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader("Origin");
        if (site != null) {
            String value = site.strip().toLowerCase(Locale.ROOT);
            if (value.equals("same-origin") || value.equals("none")) {
                return null;
            }
            if (origin != null && trustedOrigins.contains(normalized(origin))) {
                return null;
            }
            return "Sec-Fetch-Site: " + site;
        }
        if (origin == null) {
            return null;
        }
        String presented = normalized(origin);
        if (presented.equals(ownOrigin(request)) || trustedOrigins.contains(presented)) {
            return null;
        }
        return "Origin: " + origin;
    }

    private static String ownOrigin(HttpServletRequest request) {
        return normalized(request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort());
    }

    /** scheme://host[:port], lower case, without the scheme's default port; "null" stays "null". */
    static String normalized(String origin) {
        try {
            URI uri = URI.create(origin.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return origin.strip().toLowerCase(Locale.ROOT);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException notAUri) {
            return origin.strip().toLowerCase(Locale.ROOT);
        }
    }
}
