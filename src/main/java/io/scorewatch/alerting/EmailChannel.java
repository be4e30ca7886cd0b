package io.scorewatch.alerting;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Mail through Jakarta Mail (Spring's {@code spring.mail.*}): subject with severity, rule and
 * model, the message as plain text, to every {@code scorewatch.alerting.email.to}.
 */
@Component
class EmailChannel implements ChannelSender {

    private final AlertingProperties.Email properties;
    private final ObjectProvider<JavaMailSender> mail;

    EmailChannel(AlertingProperties properties, ObjectProvider<JavaMailSender> mail) {
        this.properties = properties.email();
        this.mail = mail;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public boolean configured() {
        return !properties.to().isEmpty() && mail.getIfAvailable() != null;
    }

    @Override
    public void send(Outbox.Message message) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("no mail server configured (spring.mail.host)");
        }
        SimpleMailMessage mailMessage = new SimpleMailMessage();
        mailMessage.setFrom(properties.from());
        mailMessage.setTo(properties.to().toArray(String[]::new));
        mailMessage.setSubject(message.subject());
        mailMessage.setText(message.body());
        sender.send(mailMessage);
    }
}
