package dev.mailover.smtp;

import java.time.Duration;
import java.util.List;

/**
 * What every port walk of the doctor needs, as {@link SmtpProbe.Builder} validated it. {@link SmtpProbe}
 * hands it to each {@link PortProbe}, which needs nothing else of the probe.
 *
 * @param host       the server, as its certificate must name it
 * @param user       the user to try AUTH with, or null
 * @param password   the password to try AUTH with, or null
 * @param timeout    the timeout of each step
 * @param tls        the trust used to verify the server
 * @param localHost  the name sent with EHLO
 * @param vocabulary how hints name the settings to change
 */
record ProbeSettings(String host, String user, String password, Duration timeout, TrustedTls tls, String localHost,
                     HintVocabulary vocabulary) {

    List<String> secrets() {
        return password == null ? List.of() : List.of(password);
    }

    /** Masks the password: the generated record toString would print it. */
    @Override
    public String toString() {
        return "ProbeSettings{" + host + (user == null ? "" : " user=" + user + " password=****")
                + " timeout=" + timeout + "}";
    }

    /** The mailer settings matching one port and mode, for the classifier's hints. */
    SmtpSettings smtpSettings(int port, SmtpSecurity mode) {
        return new SmtpSettings(host, port, port, mode, user, password == null ? null : () -> password, false,
                timeout, timeout, tls, localHost, Duration.ZERO, SmtpMailer.NAME, vocabulary);
    }
}
