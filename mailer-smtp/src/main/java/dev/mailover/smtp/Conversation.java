package dev.mailover.smtp;

/**
 * What one connection's transport saw last, for the classifier: the envelope sender of the message
 * being sent (so that a reply naming it can be told from one naming a recipient), and the reply to
 * the command in progress (so that a failure Angus reports without its code, such as a bad greeting,
 * is still classified from the server's own words).
 *
 * @param envelopeFrom the address given in MAIL FROM, or null before MAIL FROM
 * @param replyCode    the code of the reply to the command in progress, or -1 when none was read yet
 * @param reply        that reply's text, or null
 */
record Conversation(String envelopeFrom, int replyCode, String reply) {

    /** Nothing known: a failure before any connection, or outside one. */
    static final Conversation NONE = new Conversation(null, -1, null);
}
