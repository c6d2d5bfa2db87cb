package dev.mailover.examples.spring;

import dev.mailover.Email;
import dev.mailover.Mailer;
import org.springframework.stereotype.Service;

/**
 * The application's own code: it knows only {@link Mailer}, which the starter provides. With
 * {@code mailover.outbox.enabled=true} that bean is the outbox, so {@link #confirm} returns once the email is
 * stored, and the outbox's relay delivers it through the failover DSN.
 */
@Service
public class OrderConfirmations {

    static final String FROM = "Example Shop <orders@shop.example>";

    private final Mailer mailer;

    /** Injected by Spring with the starter's Mailer bean. */
    public OrderConfirmations(Mailer mailer) {
        this.mailer = mailer;
    }

    /**
     * Sends the confirmation of an order.
     *
     * @return the email's Message-ID, under which the outbox keeps it
     */
    public String confirm(String customer, String order) {
        Email email = Email.builder().from(FROM).to(customer).subject("Order " + order + " is confirmed")
                .text("Thank you for your order " + order + ". We will let you know when it ships.").build();
        return mailer.send(email).messageId();
    }
}
