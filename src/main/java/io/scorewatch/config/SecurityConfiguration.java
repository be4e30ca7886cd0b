package io.scorewatch.config;

import java.io.IOException;
import java.net.URI;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Roles as DESIGN.md defines them: {@code ingest} posts predictions, ground truth and request
 * errors; {@code viewer} reads the API, the page and the reports; {@code admin} does everything.
 * Health and Prometheus are open; no other actuator endpoint is. 401 and 403 are
 * problem+json; a 401 invites HTTP Basic so that a browser asks for the key. A state-changing
 * request a browser sends from another origin is refused before its key is even read
 * ({@link CrossOriginWriteFilter}). Every answer but a report's (which carries a policy of its
 * own, with the hashes of its inline scripts) and Swagger UI's has the configured
 * Content-Security-Policy.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String[] INGEST = {"/api/v1/predictions", "/api/v1/predictions/batch",
        "/api/v1/ground-truth", "/api/v1/ground-truth/batch", "/api/v1/request-errors"};
    private static final String[] READ = {"/api/**", "/", "/index.html", "/reports/**", "/css/**", "/js/**", "/webjars/**",
        "/favicon.ico", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    @Bean
    SecurityFilterChain security(HttpSecurity http, ApiKeys keys, AccessProperties properties, JsonMapper json)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"scorewatch\", charset=\"UTF-8\"");
            write(json, request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    e.getMessage() != null && e.getMessage().contains("not valid") ? e.getMessage()
                            : "This needs an API key: send it as X-API-Key, or as the password of HTTP Basic.",
                    "unauthorized");
        };
        AccessDeniedHandler forbidden = (request, response, e) -> write(json, request, response,
                HttpStatus.FORBIDDEN, "Forbidden", "This key's role may not " + request.getMethod() + " "
                        + request.getRequestURI() + ".", "forbidden");
        AuthorizationManager<RequestAuthorizationContext> read = properties.anonymousRead()
                ? SingleResultAuthorizationManager.permitAll()
                : AuthorityAuthorizationManager.hasAnyRole("VIEWER", "ADMIN");
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new ApiKeyFilter(keys, unauthorized), AuthorizationFilter.class)
                .addFilterBefore(new CrossOriginWriteFilter(properties.trustedOrigins(),
                        (request, response, detail) -> write(json, request, response, HttpStatus.FORBIDDEN,
                                "Cross-origin request refused", detail, "cross-origin")), ApiKeyFilter.class)
                .addFilterBefore(new ErrorPathFilter((request, response) -> write(json, request, response,
                        HttpStatus.NOT_FOUND, "Not Found", "No page or endpoint at " + request.getRequestURI() + ".",
                        "not-found")), CrossOriginWriteFilter.class)
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        request -> !request.getRequestURI().startsWith("/reports/")
                                && !request.getRequestURI().startsWith("/swagger-ui"),
                        new ContentSecurityPolicyHeaderWriter(properties.contentSecurityPolicy()))))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/actuator/**").denyAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.POST, INGEST).hasAnyRole("INGEST", "ADMIN")
                        .requestMatchers(HttpMethod.GET, READ).access(read)
                        .requestMatchers(HttpMethod.HEAD, READ).access(read)
                        .anyRequest().hasRole("ADMIN"));
        return http.build();
    }

    private static void write(JsonMapper json, HttpServletRequest request, HttpServletResponse response,
            HttpStatus status, String title, String detail, String type) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("urn:scorewatch:problem:" + type));
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
