package io.jpmm;

import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users see the API package only, and data flows one way: the store and the medium never use the
 * API package (file-format codes live in the store), so the format can change without the API
 * changing and the API without the format.
 */
class ModuleBoundaryTest {
    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void onlyTheApiPackageIsExportedAndTheJdkIsTheOnlyDependency() throws Exception {
        ModuleDescriptor descriptor;
        try (var in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertThat(descriptor.name()).isEqualTo("io.jpmm");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.jpmm");
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name)
                .allMatch(name -> name.startsWith("java.") || name.startsWith("jdk."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"io/jpmm/internal/store", "io/jpmm/internal/medium", "io/jpmm/internal/log"})
    void lowerLayersNeverUseTheApiPackage(String packageDirectory) throws Exception {
        List<String> violations = new ArrayList<>();
        List<Path> classFiles;
        try (var files = Files.list(CLASSES.resolve(packageDirectory))) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertThat(classFiles).isNotEmpty();
        for (Path classFile : classFiles) {
            var model = ClassFile.of().parse(classFile);
            for (var entry : model.constantPool()) {
                if (entry instanceof ClassEntry used && isApiClass(used.asInternalName())) {
                    violations.add(model.thisClass().asInternalName() + " uses " + used.asInternalName());
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theCheckSeesAnApiReference() throws Exception {
        var model = ClassFile.of().parse(CLASSES.resolve("io/jpmm/Shelf.class"));
        boolean found = false;
        for (var entry : model.constantPool()) {
            found |= entry instanceof ClassEntry used && isApiClass(used.asInternalName());
        }
        assertThat(found).as("Shelf refers to other API classes, so the scan would see a violation").isTrue();
    }

    private static boolean isApiClass(String internalName) {
        String name = internalName.startsWith("[") ? internalName.replaceAll("^\\[+L|;$", "") : internalName;
        return name.startsWith("io/jpmm/") && name.indexOf('/', "io/jpmm/".length()) < 0;
    }
}
