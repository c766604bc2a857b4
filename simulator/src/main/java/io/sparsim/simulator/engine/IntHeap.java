package io.sparsim.simulator.engine;

import java.util.Arrays;

/** Binary min-heap of ints under a caller-given order; avoids boxing in the engine's hot queues. */
final class IntHeap {

    @FunctionalInterface
    interface Order {
        /** True when {@code a} must come out before {@code b}. */
        boolean before(int a, int b);
    }

    private final Order order;
    private int[] heap;
    private int size;

    IntHeap(int initialCapacity, Order order) {
        this.order = order;
        this.heap = new int[Math.max(2, initialCapacity)];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    int peek() {
        return heap[0];
    }

    void add(int value) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!order.before(value, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = value;
    }

    int poll() {
        int top = heap[0];
        int last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && order.before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!order.before(heap[child], last)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = last;
        }
        return top;
    }
}
