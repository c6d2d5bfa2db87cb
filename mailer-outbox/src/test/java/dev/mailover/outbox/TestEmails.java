package dev.mailover.outbox;

import dev.mailover.Email;

/** Emails for the tests. */
final class TestEmails {

    private TestEmails() {
    }

    /** A plain text email to one recipient, numbered so the tests can tell them apart. */
    static Email numbered(int n) {
        return Email.builder().from("Shop <orders@shop.example>").to("customer@example.org")
                .subject("Order " + n).text("Thanks for order " + n).build();
    }
}
