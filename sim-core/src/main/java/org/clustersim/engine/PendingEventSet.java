package org.clustersim.engine;

/**
 * The engine's pending-event set: entries ordered by (time, insertion sequence), so events at the same time leave in
 * the order they were scheduled. Entries are primitive triples; an implementation must not allocate per entry, which
 * is what lets a 10^6-event hold model run without garbage.
 *
 * <p>The payload is an {@code int} chosen by the caller (the engine uses it as a slot index into its event table).
 */
public interface PendingEventSet {

    /** Adds an entry. {@code sequence} must grow with every call so that ties break by insertion order. */
    void add(long timeNs, long sequence, int payload);

    boolean isEmpty();

    int size();

    /** Time of the earliest entry; undefined when empty. */
    long peekTimeNs();

    /** Payload of the earliest entry; undefined when empty. */
    int peekPayload();

    /** Removes the earliest entry. */
    void removeFirst();

    /** Removes every entry, keeping allocated capacity. */
    void clear();
}
