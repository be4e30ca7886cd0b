package io.scorewatch.ingest;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import io.scorewatch.config.BodyTooLargeException;
import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.config.PayloadTooLargeException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a batch posted as a JSON array one item at a time, so that its limits hold while the body
 * is read: the item after {@code max-batch-items} is answered 413 at once, without reading the
 * rest of the body, and the first unreadable item 400 with its index.
 */
final class JsonArrays {

    private JsonArrays() {
    }

    /** A reader of one item of an array, the parser staying in the array for the next. */
    static ObjectReader itemReader(JsonMapper json, Class<?> item) {
        return json.readerFor(item).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    static <T> List<T> read(ObjectReader itemReader, InputStream body, int maxItems) {
        List<T> items = new ArrayList<>();
        try (JsonParser parser = itemReader.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new InvalidRequestException("The request body could not be read.", List.of(FieldProblem.of("$",
                        first == null ? "a JSON array is required" : "expected an array")));
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (items.size() == maxItems) {
                    throw new PayloadTooLargeException("The batch has more than " + maxItems
                            + " items (scorewatch.ingest.max-batch-items).");
                }
                int index = items.size();
                try {
                    items.add(itemReader.readValue(parser));
                } catch (JacksonException e) {
                    if (tooLarge(e) != null) {
                        throw e;
                    }
                    FieldProblem problem = InvalidRequestException.unreadableBody(e).problems().get(0);
                    throw new InvalidRequestException("The request body could not be read.",
                            List.of(new FieldProblem(problem.field(), index, problem.message())));
                }
            }
        } catch (JacksonException e) {
            BodyTooLargeException tooLarge = tooLarge(e);
            if (tooLarge != null) {
                throw new PayloadTooLargeException(tooLarge.getMessage());
            }
            throw InvalidRequestException.unreadableBody(e);
        }
        return items;
    }

    /** The body limit's failure behind a read failure, if it is one. */
    private static BodyTooLargeException tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
