package org.mia4j.data;

import java.util.Arrays;

/**
 * One model's split of the pool (Yuan &amp; Zhang's protocol): members train the model, dev picks the early-stopping
 * point (and is neither member nor non-member for the attack), non-members are held out. Indices into the pool.
 */
public record SplitIndices(String name, int[] members, int[] dev, int[] nonMembers) {

    public SplitIndices {
        members = members.clone();
        dev = dev.clone();
        nonMembers = nonMembers.clone();
    }

    @Override
    public int[] members() {
        return members.clone();
    }

    @Override
    public int[] dev() {
        return dev.clone();
    }

    @Override
    public int[] nonMembers() {
        return nonMembers.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SplitIndices s && s.name.equals(name) && Arrays.equals(s.members, members)
                && Arrays.equals(s.dev, dev) && Arrays.equals(s.nonMembers, nonMembers);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(members) * 17 + Arrays.hashCode(nonMembers);
    }

    @Override
    public String toString() {
        return name + "{members=" + members.length + ", dev=" + dev.length + ", nonMembers=" + nonMembers.length
                + "}";
    }
}
