package dev.mailover.doctor;

import dev.mailover.Finding;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.MXRecord;

/**
 * The sender domain's MX: where replies and bounces go. None at all (and no address), or a null MX
 * (RFC 7505: the domain takes no mail), make receivers doubt the sender.
 */
final class MxCheck {

    static final String STEP = "MX";

    private MxCheck() {
    }

    static List<Finding> run(Dns dns, String domain) {
        Dns.Answer answer = dns.mx(domain);
        if (answer.failed()) {
            return List.of(Finding.fail(STEP, 0, answer.failure(), DomainProbe.DNS_HINT));
        }
        if (answer.outcome() == Dns.Outcome.NO_SUCH_NAME) {
            return List.of(Finding.fail(STEP, 0, domain + " does not exist in DNS (NXDOMAIN): receivers refuse mail from it",
                    "Check the sender address's domain, or register and publish " + domain));
        }
        List<MXRecord> mx = dns.mx(answer).stream().sorted(Comparator.comparingInt(MXRecord::getPriority)).toList();
        if (mx.size() == 1 && mx.get(0).getTarget().toString(true).equals(".")) {
            return List.of(Finding.fail(STEP, 0, domain + " publishes a null MX (MX 0 .): it says it takes no mail, so"
                    + " receivers may refuse mail from it and bounces cannot come back",
                    "Publish the MX records of the mailboxes that receive mail for " + domain + " instead of the null MX"));
        }
        if (mx.isEmpty()) {
            Dns.Addresses a = dns.addresses(domain);
            if (a.failure().isPresent()) {
                return List.of(Finding.fail(STEP, 0, a.failure().get(), DomainProbe.DNS_HINT));
            }
            if (a.addresses().isEmpty()) {
                return List.of(Finding.fail(STEP, 0, domain + " has no MX record and no address: replies and bounces"
                        + " cannot be delivered", "Publish an MX record for " + domain + ", for example: "
                        + domain + ". MX 10 mail." + domain + "."));
            }
            return List.of(Finding.warn(STEP, 0, domain + " has no MX record; mail to it goes to its address record",
                    "Publish an MX record for the server that receives mail for " + domain));
        }
        return List.of(Finding.pass(STEP, 0, mx.stream().map(r -> r.getPriority() + " " + r.getTarget().toString(true))
                .collect(Collectors.joining(", "))));
    }
}
