package io.scorewatch.alerting;

import java.io.IOException;
import java.util.List;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.slack.api.Slack;
import com.slack.api.model.Attachment;
import com.slack.api.util.http.SlackHttpClient;
import com.slack.api.webhook.Payload;
import com.slack.api.webhook.WebhookResponse;

import okhttp3.OkHttpClient;

/**
 * Slack through its incoming webhook, as the monitoring guide's {@code _send_slack}: one attachment whose
 * colour follows the severity (INFO good, WARNING warning, CRITICAL danger; a resolved message is
 * good). Anything but HTTP 200 is a failed attempt.
 */
@Component
class SlackChannel implements ChannelSender, DisposableBean {

    private final AlertingProperties.Slack properties;
    private final Slack slack;

    SlackChannel(AlertingProperties properties) {
        this.properties = properties.slack();
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(this.properties.timeout())
                .readTimeout(this.properties.timeout())
                .writeTimeout(this.properties.timeout())
                .callTimeout(this.properties.timeout().multipliedBy(2))
                .build();
        this.slack = Slack.getInstance(new SlackHttpClient(http));
    }

    @Override
    public Channel channel() {
        return Channel.SLACK;
    }

    @Override
    public boolean configured() {
        return properties.webhookUrl() != null;
    }

    @Override
    public void send(Outbox.Message message) throws IOException {
        String color = AlertMessages.RESOLVED.equals(message.kind()) ? "good" : message.severity().slackColor();
        Payload payload = Payload.builder()
                .text(message.subject())
                .attachments(List.of(Attachment.builder()
                        .color(color)
                        .fallback(message.subject())
                        .text(message.body())
                        .build()))
                .build();
        WebhookResponse response = slack.send(properties.webhookUrl().toString(), payload);
        if (response.getCode() == null || response.getCode() != 200) {
            throw new IOException("Slack answered " + response.getCode() + " " + abbreviate(response.getBody()));
        }
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    @Override
    public void destroy() throws Exception {
        slack.close();
    }
}
