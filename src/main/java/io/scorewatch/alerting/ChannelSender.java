package io.scorewatch.alerting;

/** Sends one outbox message on one channel; throws when the message did not get through. */
interface ChannelSender {

    Channel channel();

    /** Whether this channel has what it needs (a webhook URL, recipients). */
    boolean configured();

    void send(Outbox.Message message) throws Exception;
}
