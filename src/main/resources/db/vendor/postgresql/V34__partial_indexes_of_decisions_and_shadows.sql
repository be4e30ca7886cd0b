-- The overrides read takes the window's predictions with a final decision, and the challengers
-- read the window's shadow predictions: each a small part of a model's rows, or none. A partial
-- index of each holds only those rows, so that their reads (every minute, for the gauges) walk
-- those rows alone instead of the whole window in the score index, and a prediction without a
-- final decision or a champion adds no entry to either.
CREATE INDEX ix_prediction_decided ON prediction (model, predicted_at, prediction, final_decision, actual_default,
    override_reason) WHERE final_decision IS NOT NULL AND shadow_of IS NULL;
CREATE INDEX ix_prediction_shadows ON prediction (model, predicted_at, shadow_of, model_version, probability,
    prediction) WHERE shadow_of IS NOT NULL;
