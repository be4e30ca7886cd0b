package io.scorewatch.schedule;

import java.net.URI;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.config.ResourceNotFoundException;
import io.scorewatch.credit.ValidationArchive;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Monthly model reviews: made by the monthly job, or on demand for a given month. */
@RestController
@RequestMapping("/api/v1/models/{model}/reviews")
@Tag(name = "Schedule", description = "What the scheduled jobs did")
class ModelReviewController {

    private final ModelReviews reviews;

    ModelReviewController(ModelReviews reviews) {
        this.reviews = reviews;
    }

    @PostMapping
    @Operation(summary = "Make the review of a month now (default: the last complete month, UTC)")
    ResponseEntity<ModelReview> review(@PathVariable String model, @RequestParam(required = false) String month) {
        ModelReview review;
        if (month == null) {
            review = reviews.reviewLastMonth(model, ValidationArchive.Origin.ON_DEMAND);
        } else {
            YearMonth parsed;
            try {
                parsed = YearMonth.parse(month);
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException(FieldProblem.of("month", "must be a month as yyyy-MM"));
            }
            if (parsed.getYear() < 1 || parsed.getYear() > 9999) {
                throw new InvalidRequestException(FieldProblem.of("month", "must lie in the years 1 to 9999"));
            }
            review = reviews.review(model, parsed, ValidationArchive.Origin.ON_DEMAND);
        }
        return ResponseEntity.created(URI.create("/api/v1/models/" + model + "/reviews/" + review.id())).body(review);
    }

    @GetMapping
    @Operation(summary = "Past monthly reviews, newest month first")
    List<ModelReview> list(@PathVariable String model, @RequestParam(defaultValue = "24") int limit) {
        return reviews.list(model, InvalidRequestException.requireLimit(limit, 200));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One monthly review")
    ModelReview one(@PathVariable String model, @PathVariable long id) {
        return reviews.find(model, id).orElseThrow(() -> new ResourceNotFoundException("Review not found",
                "Model '" + model + "' has no review " + id + ".", "review-not-found"));
    }
}
