package org.clustersim.network.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.clustersim.network.Fabric;
import org.clustersim.network.Route;

/**
 * Folds the routes of a {@link PhaseShape}'s member flows onto resources ({@link ResourceMap}) and produces the
 * solver's variables ({@link CompiledShape}).
 *
 * <p><b>Classes and why they are exact.</b> With classes on, each class of the shape starts as one variable. Before it
 * is trusted the compiler checks that the partition is <em>equitable</em>: resources are coloured by their capacity and
 * by the coefficient every class has on them, then every member of a class must touch the same multiset of resource
 * colours. A class whose members disagree is split by that multiset and the check repeats until nothing splits (a
 * first, free split by the capacities along each member's route happens while routing). On an
 * equitable partition progressive filling treats all members of a class alike at every step (resources of one colour
 * carry equal loads and so saturate together; a class's members all touch the colour that saturates, or none does),
 * so the class variable reproduces the per-flow max-min rates exactly, in isolation. The generator's classes are a
 * guess that the check makes safe: a guess that is too coarse (flows to a partly filled leaf mixed with flows to full
 * leaves, relayed and direct flows of a multi-plane fabric) costs a split, never accuracy. Nothing searches for
 * automorphisms; the check is one pass over the member routes, which compiling needs anyway.
 *
 * <p>Operations that run at the same time are verified separately; where they overlap asymmetrically, a class's rate
 * is the rate its most constrained member would get, which is what the per-flow mode is there to check.
 */
final class ShapeCompiler {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final Fabric fabric;
    private final ResourceMap resources;

    // Member incidences of the shape being compiled (CSR over all members of all classes, class after class).
    private int[] memberStart = new int[1024];
    // Per member: hash of the capacities along its route, a cheap first split of classes (see compileClasses).
    private long[] memberPath = new long[1024];
    private final IntList memberRes = new IntList(1 << 12);
    private final DoubleList memberCoef = new DoubleList(16); // only without aggregation (else every share is 1)

    // Scratch indexed by resource id.
    private int[] stamp = new int[0];
    private double[] acc = new double[0];
    private long[] color = new long[0];
    private int currentStamp;
    private final IntList touched = new IntList(1024);

    ShapeCompiler(ResourceMap resources) {
        this.fabric = resources.fabric();
        this.resources = resources;
    }

    /**
     * @param classes false for per-flow (every member its own variable)
     * @param verify  check (and split) classes until the partition is equitable; ignored without classes
     */
    CompiledShape compile(PhaseShape shape, boolean classes, boolean verify) {
        int classCountIn = shape.classCount();
        int[] classFirstMember = new int[classCountIn + 1];
        int members = 0;
        for (int k = 0; k < classCountIn; k++) {
            classFirstMember[k] = members;
            members = Math.addExact(members, shape.classes().get(k).size());
        }
        classFirstMember[classCountIn] = members;
        routeMembers(shape, members);
        growScratch();
        return classes ? compileClasses(shape, classFirstMember, verify) : compilePerFlow(shape, classFirstMember);
    }

    private void routeMembers(PhaseShape shape, int members) {
        if (memberStart.length < members + 1) {
            memberStart = new int[members + 1];
            memberPath = new long[members + 1];
        }
        memberRes.clear();
        memberRes.ensureCapacity(8 * members);
        memberCoef.clear();
        int m = 0;
        for (FlowMembers flows : shape.classes()) {
            for (int i = 0; i < flows.size(); i++) {
                int start = memberRes.size();
                memberStart[m] = start;
                int src = flows.source(i);
                int relay = flows.relay(i);
                int dst = flows.destination(i);
                if (relay == FlowMembers.NONE) {
                    appendRoute(fabric.route(src, dst, i));
                } else {
                    appendRoute(fabric.route(src, relay, i));
                    appendRoute(fabric.route(relay, dst, i));
                }
                long h = memberRes.size() - start;
                for (int e = start; e < memberRes.size(); e++) {
                    h = h * 31 + Double.doubleToLongBits(resources.capacity(memberRes.get(e)));
                }
                memberPath[m++] = mix(h);
            }
        }
        memberStart[m] = memberRes.size();
    }

    private void appendRoute(Route route) {
        boolean aggregate = resources.aggregates();
        for (int s = 0; s < route.stageCount(); s++) {
            if (aggregate) {
                memberRes.add(resources.ofStage(route, s));
            } else {
                int w = route.width(s);
                double share = 1.0 / w;
                for (int j = 0; j < w; j++) {
                    memberRes.add(resources.ofLink(route.link(s, j)));
                    memberCoef.add(share);
                }
            }
        }
    }

    private double share(int incidence) {
        return resources.aggregates() ? 1.0 : memberCoef.get(incidence);
    }

    private void growScratch() {
        int n = resources.count();
        if (stamp.length < n) {
            int cap = Math.max(n, stamp.length * 2);
            stamp = Arrays.copyOf(stamp, cap);
            acc = Arrays.copyOf(acc, cap);
            color = Arrays.copyOf(color, cap);
        }
    }

    private int nextStamp() {
        if (++currentStamp == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            currentStamp = 1;
        }
        return currentStamp;
    }

    // ---- per-flow ----

    private CompiledShape compilePerFlow(PhaseShape shape, int[] classFirstMember) {
        int members = classFirstMember[shape.classCount()];
        int[] origin = new int[members];
        int[] multiplicity = new int[members];
        int[] offsets = new int[members + 1];
        IntList res = new IntList(memberRes.size());
        DoubleList coef = new DoubleList(memberRes.size());
        int k = 0;
        for (int m = 0; m < members; m++) {
            while (m >= classFirstMember[k + 1]) {
                k++;
            }
            origin[m] = k;
            multiplicity[m] = 1;
            offsets[m] = res.size();
            accumulate(m, m + 1, null);
            emit(res, coef);
        }
        offsets[members] = res.size();
        return new CompiledShape(members, origin, multiplicity, offsets, res.toArray(), coef.toArray(), 0);
    }

    /** Sums the incidences of members [from, to) (or the listed members) into the scratch accumulator. */
    private void accumulate(int from, int to, int[] list) {
        int s = nextStamp();
        touched.clear();
        int n = list == null ? to - from : list.length;
        for (int i = 0; i < n; i++) {
            int m = list == null ? from + i : list[i];
            for (int e = memberStart[m]; e < memberStart[m + 1]; e++) {
                int r = memberRes.get(e);
                if (stamp[r] != s) {
                    stamp[r] = s;
                    acc[r] = 0;
                    touched.add(r);
                }
                acc[r] += share(e);
            }
        }
    }

    private void emit(IntList res, DoubleList coef) {
        for (int i = 0; i < touched.size(); i++) {
            int r = touched.get(i);
            res.add(r);
            coef.add(acc[r]);
        }
    }

    // ---- classes ----

    /** A class under verification: members of one shape class, all of them (list == null) or the listed ones. */
    private static final class Group {
        final int origin;
        final int from;
        final int to;
        final int[] list;
        int[] res;
        double[] coef;

        Group(int origin, int from, int to, int[] list) {
            this.origin = origin;
            this.from = from;
            this.to = to;
            this.list = list;
        }

        int size() {
            return list == null ? to - from : list.length;
        }

        int member(int i) {
            return list == null ? from + i : list[i];
        }
    }

    /**
     * Members of one class split by a per-member key, in first-appearance order. Most classes do not split, so the
     * common case allocates nothing per member; the few keys of a split are found by linear search.
     */
    private static final class Splitter {

        static List<Group> split(Group g, long[] keyOfMember) {
            long first = keyOfMember[g.member(0)];
            int i = 1;
            int n = g.size();
            while (i < n && keyOfMember[g.member(i)] == first) {
                i++;
            }
            if (i == n) {
                return List.of(g);
            }
            long[] keys = new long[4];
            List<IntList> parts = new ArrayList<>(4);
            int count = 1;
            keys[0] = first;
            IntList head = new IntList(Math.max(16, i));
            for (int j = 0; j < i; j++) {
                head.add(g.member(j));
            }
            parts.add(head);
            int last = 0;
            for (; i < n; i++) {
                int m = g.member(i);
                long k = keyOfMember[m];
                if (keys[last] != k) {
                    last = -1;
                    for (int j = 0; j < count; j++) {
                        if (keys[j] == k) {
                            last = j;
                            break;
                        }
                    }
                    if (last < 0) {
                        if (count == keys.length) {
                            keys = Arrays.copyOf(keys, count * 2);
                        }
                        keys[count] = k;
                        parts.add(new IntList(16));
                        last = count++;
                    }
                }
                parts.get(last).add(m);
            }
            List<Group> out = new ArrayList<>(parts.size());
            for (IntList part : parts) {
                out.add(new Group(g.origin, 0, 0, part.toArray()));
            }
            return out;
        }
    }

    private CompiledShape compileClasses(PhaseShape shape, int[] classFirstMember, boolean verify) {
        // First split: members whose routes cross different capacities in a different order (a flow within a leaf
        // and one across the spines; a relayed and a direct flow) cannot be symmetric. Splitting them here is free,
        // since routing computed the key, and usually leaves verification with nothing to split.
        List<Group> groups = new ArrayList<>();
        for (int k = 0; k < shape.classCount(); k++) {
            if (classFirstMember[k + 1] > classFirstMember[k]) {
                groups.addAll(Splitter.split(new Group(k, classFirstMember[k], classFirstMember[k + 1], null),
                        memberPath));
            }
        }
        int rounds = 0;
        long[] signature = verify ? new long[classFirstMember[shape.classCount()]] : null;
        while (true) {
            IntList scratchRes = new IntList(64);
            DoubleList scratchCoef = new DoubleList(64);
            for (Group g : groups) {
                if (g.res == null) {
                    accumulate(g.from, g.to, g.list);
                    scratchRes.clear();
                    scratchCoef.clear();
                    emit(scratchRes, scratchCoef);
                    g.res = scratchRes.toArray();
                    g.coef = scratchCoef.toArray();
                }
            }
            if (!verify) {
                break;
            }
            rounds++;
            colourResources(groups);
            List<Group> next = new ArrayList<>(groups.size());
            for (Group g : groups) {
                for (int i = 0; i < g.size(); i++) {
                    int m = g.member(i);
                    signature[m] = signature(m);
                }
                next.addAll(Splitter.split(g, signature));
            }
            boolean split = next.size() > groups.size();
            groups = next;
            if (!split) {
                break;
            }
        }
        int c = groups.size();
        int[] origin = new int[c];
        int[] multiplicity = new int[c];
        int[] offsets = new int[c + 1];
        int total = 0;
        for (Group g : groups) {
            total += g.res.length;
        }
        int[] res = new int[total];
        double[] coef = new double[total];
        int at = 0;
        for (int i = 0; i < c; i++) {
            Group g = groups.get(i);
            origin[i] = g.origin;
            multiplicity[i] = g.size();
            offsets[i] = at;
            System.arraycopy(g.res, 0, res, at, g.res.length);
            System.arraycopy(g.coef, 0, coef, at, g.coef.length);
            at += g.res.length;
        }
        offsets[c] = at;
        return new CompiledShape(c, origin, multiplicity, offsets, res, coef, rounds);
    }

    /** Colour of each touched resource: its capacity and, class by class, that class's coefficient on it. */
    private void colourResources(List<Group> groups) {
        int s = nextStamp();
        for (int c = 0; c < groups.size(); c++) {
            Group g = groups.get(c);
            for (int e = 0; e < g.res.length; e++) {
                int r = g.res[e];
                if (stamp[r] != s) {
                    stamp[r] = s;
                    color[r] = mix(Double.doubleToLongBits(resources.capacity(r)));
                }
                // coefficients are sums of shares; rounding to 1e-6 keeps float noise from splitting equal sums
                long q = Math.round(g.coef[e] * 1e6);
                color[r] = mix(color[r] ^ mix(c * GOLDEN + q));
            }
        }
    }

    /**
     * Hash of the multiset of resource colours one member touches: a sum of mixed colours, so order does not matter
     * and no sort is needed. A multiset is finer than the set the argument needs, which only ever splits more.
     */
    private long signature(int member) {
        long h = 0;
        for (int e = memberStart[member]; e < memberStart[member + 1]; e++) {
            h += mix(color[memberRes.get(e)] + GOLDEN);
        }
        return h;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
