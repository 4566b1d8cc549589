package dev.folioscope.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.folioscope.kernel.base.KernelState;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.pagealloc.Gfp;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nothing of a kernel's state lives outside its state registry, where checkpoints, digests and
 * the memory budget would miss it. The kernel and every subsystem reachable from it are walked
 * field by field: a field may hold a registered piece of state, a subsystem (walked in turn, all
 * of whose fields must be final) or an immutable value (primitives, strings, enums, records of
 * those); anything else is state the registry does not know.
 */
class KernelStateTest {
    private final Kernel k = TestMachines.boot(64 << 20, 2, MachineConfig.Sysctl.defaults());

    @Test
    void everyFieldOfTheKernelAndItsSubsystemsIsRegisteredStateOrImmutable() throws IllegalAccessException {
        Map<Object, Boolean> registered = new IdentityHashMap<>();
        for (KernelState<?> s : k.states()) {
            registered.put(s, true);
        }
        List<String> problems = new ArrayList<>();
        walk("Kernel", k, registered, new IdentityHashMap<>(), problems);
        assertEquals(List.of(), problems, "state outside the registry");
    }

    private static void walk(String path, Object o, Map<Object, Boolean> registered, Map<Object, Boolean> seen,
            List<String> problems) throws IllegalAccessException {
        if (seen.put(o, true) != null) {
            return;
        }
        for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                    continue;
                }
                f.setAccessible(true);
                Object v = f.get(o);
                String where = path + "." + f.getName();
                if (v == null || registered.containsKey(v) || isImmutable(f.getType(), v)) {
                    if (!Modifier.isFinal(f.getModifiers())) {
                        problems.add(where + " is not final: a subsystem's field that changes is state");
                    }
                    continue;
                }
                if (f.getName().equals("states")) {
                    continue;
                }
                if (!Modifier.isFinal(f.getModifiers())) {
                    problems.add(where + " is not final: a subsystem's field that changes is state");
                } else if (v.getClass().isArray() || v instanceof Iterable<?> || v instanceof Map<?, ?>) {
                    problems.add(where + " holds a " + v.getClass().getSimpleName()
                            + " outside the registry: mutable state a checkpoint would share");
                } else if (v.getClass().getPackageName().startsWith("dev.folioscope.kernel")) {
                    walk(where, v, registered, seen, problems);
                } else {
                    problems.add(where + " holds a " + v.getClass().getName() + " the walk does not know");
                }
            }
        }
    }

    private static boolean isImmutable(Class<?> type, Object v) {
        return type.isPrimitive() || v instanceof String || v instanceof Number || v instanceof Boolean
                || v instanceof Enum<?> || v.getClass().isRecord();
    }

    /** A fork that shared a piece of state with its origin would see the origin's later writes. */
    @Test
    void forksAndSnapshotsCopyEveryPieceOfState() {
        k.pageAlloc().allocPages(Gfp.GFP_KERNEL, 3);
        for (Kernel copy : new Kernel[] {k.fork(), k.snapshot()}) {
            assertEquals(k.states().size(), copy.states().size());
            for (int i = 0; i < k.states().size(); i++) {
                assertNotSame(k.states().get(i), copy.states().get(i), "state " + i + " is shared");
            }
            assertEquals(k.digest(), copy.digest());
        }
    }

    @Test
    void theDigestCoversTheRunningCpu() {
        Kernel other = k.fork();
        other.setCpu(1);
        assertTrue(other.digest() != k.digest(), "moving the task to another CPU changes the state");
    }

    @Test
    void theBudgetCountsEveryPiece() {
        long all = k.snapshot().bytesNotIn(null);
        long pages = k.mem().bytesNotIn(null);
        if (all <= pages) {
            fail("the state copied whole is not counted: " + all + " <= " + pages);
        }
    }
}
