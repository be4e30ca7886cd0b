package io.scorewatch.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Which endpoints this service maps, so the page asks only for what exists. */
@Component
class ApiEndpoints {

    private final RequestMappingHandlerMapping mappings;
    private final Map<String, Boolean> answered = new ConcurrentHashMap<>();

    ApiEndpoints(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    /** True when a handler answers {@code GET path} (an exact pattern); handlers are fixed once started. */
    boolean answersGet(String path) {
        return answered.computeIfAbsent(path, this::mapped);
    }

    private boolean mapped(String path) {
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            var methods = info.getMethodsCondition().getMethods();
            if ((methods.isEmpty() || methods.contains(RequestMethod.GET)) && info.getPatternValues().contains(path)) {
                return true;
            }
        }
        return false;
    }
}
