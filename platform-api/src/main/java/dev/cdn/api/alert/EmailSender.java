package dev.cdn.api.alert;

import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends alerts by e-mail through the SMTP server the operator configures ({@code spring.mail.host}, port,
 * credentials; {@code cdn.alerts.mail-from} is the sender). JavaMail blocks, so sending runs off the event loop.
 * Without a configured server there is no sender and rules cannot name recipients.
 */
@Component
class EmailSender {

    private final ObjectProvider<JavaMailSender> mail;
    private final String from;

    EmailSender(ObjectProvider<JavaMailSender> mail, @Value("${cdn.alerts.mail-from:cdn-alerts@localhost}") String from) {
        this.mail = mail;
        this.from = from;
    }

    boolean configured() {
        return mail.getIfAvailable() != null;
    }

    Mono<Void> send(String recipient, AlertMessage m) {
        return Mono.<Void>fromRunnable(() -> {
            JavaMailSender sender = mail.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException("no SMTP server is configured (spring.mail.host)");
            }
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(recipient);
            message.setSubject("[" + m.state().toUpperCase(Locale.ROOT) + "] " + m.ruleName() + " on "
                    + m.serviceName());
            message.setText(text(m));
            sender.send(message);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    static String text(AlertMessage m) {
        return "Alert rule \"" + m.ruleName() + "\" (" + m.kind() + ") of service " + m.serviceName() + " ("
                + m.serviceId() + ") is " + m.state() + " since " + m.at() + ".\n\n"
                + m.detail() + "\n\n"
                + "Measured: " + (m.value() == null ? "not enough data" : m.value())
                + (m.threshold() == null ? "" : "; threshold: " + m.threshold())
                + "; window: " + m.windowSeconds() + " s.\n";
    }
}
