package dev.mailover.doctor;

import dev.mailover.internal.Durations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The doctor's DNS client, on dnsjava's {@link SimpleResolver}: one resolver, one timeout per query
 * (a truncated UDP answer is asked again over TCP within it), CNAMEs followed. When the resolver does
 * not answer once, every later query fails at once with the same reason, so a probe against a dead
 * resolver ends within about one timeout instead of one per record. Not thread-safe: one per run.
 */
final class Dns {

    /** How many CNAMEs a name may go through before the chain counts as broken. */
    private static final int MAX_CNAMES = 8;

    private final SimpleResolver resolver;
    private final String server;
    private final Duration timeout;
    private String unreachable;

    Dns(InetSocketAddress address, Duration timeout) {
        try {
            this.resolver = address == null ? new SimpleResolver() : new SimpleResolver(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("no system DNS resolver is configured: " + e.getMessage(), e);
        }
        this.resolver.setTimeout(timeout);
        InetSocketAddress a = resolver.getAddress();
        this.server = a.getAddress().getHostAddress() + ":" + a.getPort();
        this.timeout = timeout;
    }

    /** What a query found: records, no such name, no records of the type, or a failure to ask. */
    record Answer(Outcome outcome, List<Record> records, String failure) {
        boolean found() {
            return outcome == Outcome.FOUND;
        }

        boolean failed() {
            return outcome == Outcome.FAILED;
        }
    }

    enum Outcome { FOUND, NO_SUCH_NAME, NO_RECORDS, FAILED }

    /** The TXT records of a name, each one string (its character-strings joined, as SPF and DKIM join them). */
    TextAnswer txt(String name) {
        Answer a = query(name, Type.TXT);
        List<String> texts = new ArrayList<>();
        for (Record r : a.records()) {
            if (r instanceof TXTRecord t) {
                StringBuilder s = new StringBuilder();
                for (byte[] part : t.getStringsAsByteArrays()) {
                    s.append(new String(part, StandardCharsets.UTF_8));
                }
                texts.add(s.toString());
            }
        }
        return new TextAnswer(a, List.copyOf(texts));
    }

    /** TXT records as text. */
    record TextAnswer(Answer answer, List<String> texts) {
    }

    /** The MX records of a name. */
    List<MXRecord> mx(Answer a) {
        return a.records().stream().filter(MXRecord.class::isInstance).map(MXRecord.class::cast).toList();
    }

    Answer mx(String name) {
        return query(name, Type.MX);
    }

    /** The IPv4 and IPv6 addresses of a name; failed when either query could not be made. */
    Addresses addresses(String name) {
        Answer v4 = query(name, Type.A);
        Answer v6 = v4.failed() ? v4 : query(name, Type.AAAA);
        List<java.net.InetAddress> all = new ArrayList<>();
        for (Answer a : List.of(v4, v6)) {
            for (Record r : a.records()) {
                if (r instanceof ARecord ar) {
                    all.add(ar.getAddress());
                } else if (r instanceof AAAARecord ar) {
                    all.add(ar.getAddress());
                }
            }
        }
        String failure = v4.failed() ? v4.failure() : v6.failed() ? v6.failure() : null;
        return new Addresses(List.copyOf(all), Optional.ofNullable(failure));
    }

    /** Addresses of a name, or why they could not be looked up. */
    record Addresses(List<java.net.InetAddress> addresses, Optional<String> failure) {
    }

    /** One query, CNAMEs followed: the records of {@code type} at the end of the chain. */
    Answer query(String name, int type) {
        if (unreachable != null) {
            return new Answer(Outcome.FAILED, List.of(), unreachable);
        }
        String current = name;
        for (int hop = 0; hop <= MAX_CNAMES; hop++) {
            Message response;
            try {
                response = resolver.send(Message.newQuery(Record.newRecord(absolute(current), type, DClass.IN)));
            } catch (TextParseException e) {
                return new Answer(Outcome.FAILED, List.of(), "'" + current + "' is not a DNS name");
            } catch (IOException e) {
                unreachable = "DNS could not be queried: no answer from " + server + " within " + Durations.human(timeout)
                        + " (" + Type.string(type) + " " + current + ")";
                return new Answer(Outcome.FAILED, List.of(), unreachable);
            }
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return new Answer(Outcome.NO_SUCH_NAME, List.of(), "");
            }
            if (rcode != Rcode.NOERROR) {
                return new Answer(Outcome.FAILED, List.of(), "DNS could not be queried: " + server + " answered "
                        + Rcode.string(rcode) + " for " + Type.string(type) + " " + current);
            }
            List<Record> answers = response.getSection(Section.ANSWER);
            List<Record> wanted = answers.stream().filter(r -> r.getType() == type).toList();
            if (!wanted.isEmpty()) {
                return new Answer(Outcome.FOUND, wanted, "");
            }
            Optional<CNAMERecord> cname = answers.stream().filter(CNAMERecord.class::isInstance)
                    .map(CNAMERecord.class::cast).findFirst();
            if (cname.isEmpty() || type == Type.CNAME) {
                return new Answer(Outcome.NO_RECORDS, List.of(), "");
            }
            current = cname.get().getTarget().toString(true);
        }
        return new Answer(Outcome.FAILED, List.of(), name + " goes through more than " + MAX_CNAMES + " CNAMEs");
    }

    private static Name absolute(String name) throws TextParseException {
        return Name.fromString(name.endsWith(".") ? name : name + ".");
    }
}
