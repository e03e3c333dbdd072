import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.JMXConnectorFactory;

/**
 * Prints the bytes every live thread of a running JVM has allocated so far ({@code ThreadMXBean
 * getThreadAllocatedBytes}, through the attach API and the JVM's local management agent). edge-vs-nginx.sh reads it
 * before and after a run: the difference over the requests served is the allocation per request.
 *
 * <p>Usage: {@code java -cp DIR AllocatedBytes PID} (compiled by the script with {@code javac}).
 */
public final class AllocatedBytes {

    private AllocatedBytes() {
    }

    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
            com.sun.management.ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(
                    connector.getMBeanServerConnection(), ManagementFactory.THREAD_MXBEAN_NAME,
                    com.sun.management.ThreadMXBean.class);
            long sum = 0;
            for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                sum += Math.max(0, bytes); // -1 for a thread that ended meanwhile
            }
            System.out.println(sum);
        } finally {
            vm.detach();
        }
    }
}
