package io.scorewatch.alerting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The service's log: INFO messages at info level, the others at warn, as the monitoring guide logs its alerts. */
@Component
class LogChannel implements ChannelSender {

    private static final Logger log = LoggerFactory.getLogger("io.scorewatch.alerts");

    @Override
    public Channel channel() {
        return Channel.LOG;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public void send(Outbox.Message message) {
        if (message.severity() == Severity.INFO) {
            log.info("{}\n{}", message.subject(), message.body());
        } else {
            log.warn("{}\n{}", message.subject(), message.body());
        }
    }
}
