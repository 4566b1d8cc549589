package dev.folioscope.web.debugger;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads every debugger tab of the server seeks on ({@link Cursor.Threads#seeks()}): as many
 * as there are CPUs, since a seek re-executes the kernel and only computes; idle ones end after a
 * while. Each cursor runs at most one seek at a time, so the queue holds at most one task per
 * open tab. Daemon threads, stopped with the application.
 */
@Component
class SeekThreads implements Executor, DisposableBean {
    private final ThreadPoolExecutor pool;

    SeekThreads() {
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread t = new Thread(task, "fs-seek-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
