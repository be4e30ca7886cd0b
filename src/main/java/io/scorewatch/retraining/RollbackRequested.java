package io.scorewatch.retraining;

/**
 * Asks for the model to be rolled back to its previous version (the {@code rollback_model}
 * alert action). The retraining feature calls the rollback webhook and audits the call.
 *
 * @param model  the model
 * @param reason why, in words an operator reads
 * @param source who asked: {@code alert:<rule>} or {@code manual}
 */
public record RollbackRequested(String model, String reason, String source) {
}
