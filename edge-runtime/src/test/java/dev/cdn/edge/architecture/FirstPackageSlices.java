package dev.cdn.edge.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.LinkedHashMap;
import java.util.Map;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Slices a code base by the first package under its root ({@code dev.cdn.edge.store.disk} is slice {@code store}); the
 * root package itself is a slice of its own, so a cycle through it is found too (ArchUnit's {@code (*)..} pattern
 * leaves root classes out). A class may be given a slice of its own ({@link #own}), whatever package it sits in.
 */
final class FirstPackageSlices implements SliceAssignment {

    static final String ROOT_SLICE = "(root)";

    private final String root;
    private final Map<String, DescribedPredicate<JavaClass>> own = new LinkedHashMap<>();

    FirstPackageSlices(String root) {
        this.root = root;
    }

    /** Puts {@code type} and its nested classes in a slice named {@code slice}, wherever they live. */
    FirstPackageSlices own(String slice, Class<?> type) {
        own.put(slice, JavaClass.Predicates.belongToAnyOf(type));
        return this;
    }

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        for (Map.Entry<String, DescribedPredicate<JavaClass>> e : own.entrySet()) {
            if (e.getValue().test(javaClass)) {
                return SliceIdentifier.of(e.getKey());
            }
        }
        String pkg = javaClass.getPackageName();
        if (pkg.equals(root)) {
            return SliceIdentifier.of(ROOT_SLICE);
        }
        if (!pkg.startsWith(root + ".")) {
            return SliceIdentifier.ignore();
        }
        String rest = pkg.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    @Override
    public String getDescription() {
        return "the first package under " + root;
    }
}
