package org.segadapt.nd;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Enforces the ownership rule of {@link HostArrays} on the production sources, with the compiler's own type
 * information (so {@code x.mul(w)} is told apart for a float {@code w} and an array {@code w}).
 */
class NativeOwnershipTest {
    /**
     * DJL's scalar overloads ({@code x.mul(2f)}) wrap the number in a JVM-buffer tensor, run the op and close the
     * tensor at once, while autograd may have saved it for backward (mul, div, pow, maximum, minimum, clip do): once
     * collected, backward reads freed memory. Comparisons (eq, gt, …) save nothing, add and sub save only the
     * scalar's type; the rule still allows no arithmetic with a Java number, so that nobody has to know which.
     */
    private static final Set<String> COMPARISONS = Set.of("eq", "neq", "gt", "gte", "lt", "lte", "contentEquals");

    @Test
    void productionCodeHandsNoJvmBufferToLibtorch() throws IOException {
        List<String> violations = scan(Path.of("src/main/java"));
        assertThat(violations).as("calls that give libtorch a tensor over a JVM buffer (see HostArrays)").isEmpty();
    }

    static List<String> scan(Path root) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        List<String> out = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, null,
                    List.of("-proc:none", "-classpath", System.getProperty("java.class.path")), null, fm.getJavaFileObjectsFromPaths(files));
            Iterable<? extends CompilationUnitTree> units = task.parse();
            task.analyze();
            Trees trees = Trees.instance(task);
            Types types = task.getTypes();
            TypeMirror ndArray = task.getElements().getTypeElement("ai.djl.ndarray.NDArray").asType();
            TypeMirror ndManager = task.getElements().getTypeElement("ai.djl.ndarray.NDManager").asType();
            TypeMirror number = task.getElements().getTypeElement("java.lang.Number").asType();
            TypeMirror buffer = task.getElements().getTypeElement("java.nio.Buffer").asType();
            for (CompilationUnitTree unit : units) {
                boolean owner = unit.getSourceFile().getName().endsWith("HostArrays.java");
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitMethodInvocation(MethodInvocationTree call, Void v) {
                        Element e = trees.getElement(getCurrentPath());
                        if (e instanceof ExecutableElement m && m.getEnclosingElement() instanceof TypeElement type) {
                            TypeMirror t = types.erasure(type.asType());
                            String name = m.getSimpleName().toString();
                            boolean numeric = m.getParameters().stream().anyMatch(p -> isNumber(p.asType()));
                            String why = null;
                            if ((types.isSubtype(t, types.erasure(ndArray)) || type.getQualifiedName().contentEquals("ai.djl.ndarray.NDArrays"))
                                    && numeric && !COMPARISONS.contains(name)) {
                                why = name + "(Number): DJL wraps the number in a JVM-buffer tensor and closes it; use HostArrays.scalar";
                            } else if (types.isSubtype(t, types.erasure(ndArray)) && (name.equals("set") || name.equals("copyTo"))
                                    && m.getParameters().size() == 1 && types.isSubtype(types.erasure(m.getParameters().get(0).asType()), buffer)) {
                                why = name + "(Buffer) hands the array's storage to a JVM buffer";
                            } else if (types.isSubtype(t, types.erasure(ndManager)) && name.equals("create") && !owner && !wrappedByOwned()
                                    && m.getParameters().stream().anyMatch(p -> p.asType().getKind() == TypeKind.ARRAY
                                            || isNumber(p.asType()) || types.isSubtype(types.erasure(p.asType()), buffer))) {
                                why = "NDManager.create with Java data; use HostArrays";
                            }
                            if (why != null) {
                                long line = unit.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(unit, call));
                                out.add(root.toAbsolutePath().relativize(Path.of(unit.getSourceFile().toUri())) + ":" + line + ": " + why);
                            }
                        }
                        return super.visitMethodInvocation(call, v);
                    }

                    private boolean isNumber(TypeMirror p) {
                        return !p.getKind().isPrimitive() && types.isSameType(types.erasure(p), number);
                    }

                    /** {@code HostArrays.owned(manager.create(…), device)}: the JVM buffer is copied and released at once. */
                    private boolean wrappedByOwned() {
                        TreePath parent = getCurrentPath().getParentPath();
                        return parent.getLeaf() instanceof MethodInvocationTree outer
                                && trees.getElement(parent) instanceof ExecutableElement o && o.getSimpleName().contentEquals("owned")
                                && o.getEnclosingElement().getSimpleName().contentEquals("HostArrays");
                    }
                }.scan(unit, null);
            }
        }
        return out;
    }
}
