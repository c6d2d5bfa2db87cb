package dev.mailover.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Decides whether a host is loopback, the one case where the API transports (the HTTP providers,
 * SES, a token endpoint) allow plain http (a local test server), so a key never travels unencrypted
 * over a network. Shared by the builders' URL checks and the DSN providers. Not API.
 */
public final class Loopback {

    private Loopback() {
    }

    /**
     * True for {@code localhost}, {@code *.localhost} and loopback IP literals (IPv6 with or without
     * brackets). Never resolves a name: {@code localhost.evil.example} is not loopback.
     */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        boolean ipLiteral = h.indexOf(':') >= 0 || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!ipLiteral) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
