package dev.cdn.api.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@link HostLookup} through the JVM's resolver (the system's, with its cache). */
@Component
class SystemHostLookup implements HostLookup {

    @Override
    public List<InetAddress> addresses(String name) {
        try {
            return List.of(InetAddress.getAllByName(name));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }
}
