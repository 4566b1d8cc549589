package dev.folioscope.web.recordings;

import dev.folioscope.recording.Recording;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * The recordings a server makes, waits to make and keeps, shared fairly between the people asking.
 *
 * <p>One recording per key at a time: a request for a key being made or waiting joins it. At most
 * {@link RecordingLimits#concurrent()} run at once; the others wait, in one line per requester, and
 * the lines are served round robin (the requester served goes to the back), so one person queuing
 * many recordings delays another's by at most one recording per turn. A requester may have at most
 * {@link RecordingLimits#perUser()} recordings running or waiting that it started; joining one
 * costs nothing.
 *
 * <p>A recording runs while at least one request wants it: the last request withdrawn takes a
 * waiting one out of its line, and stops a running one at its next progress report (every 65536
 * events), by throwing {@link CancellationException} out of the progress callback. A stopped
 * recording is not kept; the next request starts it afresh.
 *
 * <p>Finished recordings are kept by key: those of the keys {@code evictable} accepts (stored
 * scenarios, which anyone can make without limit) in least-recently-used order, at most
 * {@link RecordingLimits#storedKept()} and {@link RecordingLimits#storedKeptBytes()} of them (the
 * newest always), the others (shipped scenarios, a fixed few) for good. A dropped recording is
 * simply made again when next asked for: the kernel is deterministic. Failed recordings are not
 * kept.
 *
 * <p>Context: every field is guarded by this object's monitor. Progress listeners are called
 * under it, in order, so they must only hand the news on (e.g. with {@code UI.access}): never block
 * or call back into the queue; what one throws is logged and ignored. Results are completed outside
 * it.
 */
final class RecordingQueue {
    /** Makes one recording, reporting the events recorded so far to {@code progress}, which may throw to stop it. */
    @FunctionalInterface
    interface Task {
        Recording run(IntConsumer progress);
    }

    private final RecordingLimits limits;
    private final int eventBudget;
    private final Executor executor;
    private final Predicate<String> evictable;
    /** Finished recordings that are never dropped, by key. */
    private final Map<String, Recording> kept = new HashMap<>();
    /** Finished recordings that may be dropped, by key, least recently used first. */
    private final LinkedHashMap<String, Recording> recent = new LinkedHashMap<>(16, 0.75f, true);
    /** What {@link #recent} holds, in {@link Recording#bytes()}. */
    private long recentBytes;
    /** Recordings waiting or running, by key. */
    private final Map<String, Job> jobs = new HashMap<>();
    /** The waiting recordings: one line per requester, the requester to serve next first. */
    private final LinkedHashMap<String, ArrayDeque<Job>> lines = new LinkedHashMap<>();
    private int running;

    /**
     * @param eventBudget the event budget the tasks record with, for {@link RecordingProgress}
     * @param executor runs each task on a thread of its own
     * @param evictable the keys whose recordings may be dropped
     */
    RecordingQueue(RecordingLimits limits, int eventBudget, Executor executor, Predicate<String> evictable) {
        this.limits = limits;
        this.eventBudget = eventBudget;
        this.executor = executor;
        this.evictable = evictable;
    }

    /**
     * cached() - a finished recording, counted as a use.
     *
     * @return the recording kept under {@code key}, or null
     */
    synchronized Recording cached(String key) {
        Recording r = kept.get(key);
        return r != null ? r : recent.get(key);
    }

    /**
     * request() - ask for the recording under {@code key}: the kept one, the one being made or
     * waiting, or a new one made by {@code task}, queued behind the requester's line.
     *
     * <p>Context: any thread. {@code listener} hears where the recording stands now and at each
     * change until it is made (see the class comment for what it may do).
     *
     * @param requester who asks (one browser session): its line, and its cap
     * @throws RecordingRefusedException when the recording would be new and the requester has
     *     {@link RecordingLimits#perUser()} recordings running or waiting already
     */
    synchronized RecordingRequest request(String key, String requester, Task task,
            Consumer<RecordingProgress> listener) {
        Recording done = cached(key);
        if (done != null) {
            return RecordingRequest.finished(done);
        }
        Job job = jobs.get(key);
        if (job == null) {
            refuseOverCap(requester);
            job = new Job(key, requester, task);
            jobs.put(key, job);
            lines.computeIfAbsent(requester, r -> new ArrayDeque<>()).add(job);
        }
        startWaiting();
        reportWaiting();
        RecordingRequest request = new RecordingRequest(this, job, listener);
        job.requests.add(request);
        request.report(job.started ? runningProgress(job) : waitingProgress(job.ahead));
        return request;
    }

    private void refuseOverCap(String requester) {
        long mine = jobs.values().stream().filter(j -> j.requester.equals(requester)).count();
        if (mine >= limits.perUser()) {
            throw new RecordingRefusedException("You already have " + mine + " recordings running or waiting, as many"
                    + " as one person may: wait for one to finish or cancel one, then try again.");
        }
    }

    /** Takes the request out of its recording's wishes, and the recording out of the queue if no one else wants it. */
    synchronized void withdraw(RecordingRequest request) {
        Job job = request.job;
        if (job.finished || !job.requests.remove(request) || !job.requests.isEmpty()) {
            return;
        }
        jobs.remove(job.key, job);
        if (job.started) {
            job.cancelled = true;
            return;
        }
        ArrayDeque<Job> line = lines.get(job.requester);
        line.remove(job);
        if (line.isEmpty()) {
            lines.remove(job.requester);
        }
        reportWaiting();
    }

    /** Starts waiting recordings, round robin over the lines, while there is room. */
    private void startWaiting() {
        while (running < limits.concurrent() && !lines.isEmpty()) {
            Iterator<Map.Entry<String, ArrayDeque<Job>>> first = lines.entrySet().iterator();
            Map.Entry<String, ArrayDeque<Job>> line = first.next();
            first.remove();
            Job job = line.getValue().poll();
            if (!line.getValue().isEmpty()) {
                lines.put(line.getKey(), line.getValue()); // to the back: the others are served first
            }
            job.started = true;
            running++;
            RecordingProgress p = runningProgress(job);
            job.requests.forEach(r -> r.report(p));
            executor.execute(() -> run(job));
        }
    }

    /** Tells every waiting recording's requests how many start before it, where that changed. */
    private void reportWaiting() {
        List<Iterator<Job>> order = new ArrayList<>();
        lines.values().forEach(line -> order.add(line.iterator()));
        int ahead = 0;
        boolean more = true;
        while (more) {
            more = false;
            for (Iterator<Job> line : order) {
                if (line.hasNext()) {
                    more = true;
                    Job job = line.next();
                    if (job.ahead != ahead) {
                        job.ahead = ahead;
                        RecordingProgress p = waitingProgress(ahead);
                        job.requests.forEach(r -> r.report(p));
                    }
                    ahead++;
                }
            }
        }
    }

    private void run(Job job) {
        Recording made;
        try {
            made = job.task.run(n -> progress(job, n));
        } catch (RuntimeException | Error e) {
            end(job, null, e);
            return;
        }
        end(job, made, null);
    }

    private synchronized void progress(Job job, int events) {
        if (job.cancelled) {
            throw new CancellationException("no one wants the recording of " + job.key + " any more");
        }
        job.events = events;
        RecordingProgress p = runningProgress(job);
        job.requests.forEach(r -> r.report(p));
    }

    /** A recording has stopped, made or not: keep it if wanted, start the next, and tell the requests. */
    private void end(Job job, Recording made, Throwable failure) {
        List<RecordingRequest> told;
        synchronized (this) {
            running--;
            job.finished = true;
            jobs.remove(job.key, job);
            told = List.copyOf(job.requests);
            if (made != null && !job.cancelled) {
                keep(job.key, made);
            }
            startWaiting();
            reportWaiting();
        }
        told.forEach(r -> r.finish(made, failure));
    }

    private void keep(String key, Recording made) {
        if (!evictable.test(key)) {
            kept.put(key, made);
            return;
        }
        recent.put(key, made);
        recentBytes += made.bytes();
        Iterator<Recording> eldest = recent.values().iterator();
        while ((recent.size() > limits.storedKept() || recentBytes > limits.storedKeptBytes()) && recent.size() > 1) {
            recentBytes -= eldest.next().bytes();
            eldest.remove();
        }
    }

    private RecordingProgress waitingProgress(int ahead) {
        return new RecordingProgress(RecordingProgress.State.WAITING, ahead, 0, eventBudget);
    }

    private RecordingProgress runningProgress(Job job) {
        return new RecordingProgress(RecordingProgress.State.RUNNING, 0, job.events, eventBudget);
    }

    /** One recording waiting or running, and the requests that want it. Guarded by the queue. */
    static final class Job {
        final String key;
        final String requester;
        final Task task;
        final List<RecordingRequest> requests = new ArrayList<>();
        /** How many waiting recordings start before this one, as last reported; -1 before any report. */
        int ahead = -1;
        boolean started;
        boolean finished;
        /** Set when the last request is withdrawn while running: the next progress report stops it. */
        boolean cancelled;
        int events;

        Job(String key, String requester, Task task) {
            this.key = key;
            this.requester = requester;
            this.task = task;
        }
    }
}
