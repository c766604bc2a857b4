package io.sparsim.simulator.engine;

import java.util.Arrays;

/** Indexed binary min-heap of flows (O(log n) removal of any member); each heap owns one position slot. */
final class FlowHeap {

    @FunctionalInterface
    interface Order {
        /** True when {@code a} must come out before {@code b}; must be a strict total order. */
        boolean before(Flow a, Flow b);
    }

    private final int slot;
    private final Order order;
    private Flow[] heap = new Flow[8];
    private int size;

    FlowHeap(int slot, Order order) {
        this.slot = slot;
        this.order = order;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    Flow peek() {
        return heap[0];
    }

    boolean contains(Flow f) {
        return f.position[slot] >= 0;
    }

    void add(Flow f) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = f;
        f.position[slot] = size;
        siftUp(size++);
    }

    void remove(Flow f) {
        int i = f.position[slot];
        f.position[slot] = -1;
        Flow last = heap[--size];
        heap[size] = null;
        if (i == size) {
            return;
        }
        heap[i] = last;
        last.position[slot] = i;
        siftDown(i);
        siftUp(last.position[slot]);
    }

    private void siftUp(int i) {
        Flow f = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Flow p = heap[parent];
            if (!order.before(f, p)) {
                break;
            }
            heap[i] = p;
            p.position[slot] = i;
            i = parent;
        }
        heap[i] = f;
        f.position[slot] = i;
    }

    private void siftDown(int i) {
        Flow f = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && order.before(heap[child + 1], heap[child])) {
                child++;
            }
            Flow c = heap[child];
            if (!order.before(c, f)) {
                break;
            }
            heap[i] = c;
            c.position[slot] = i;
            i = child;
        }
        heap[i] = f;
        f.position[slot] = i;
    }
}
