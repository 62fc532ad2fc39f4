package io.jpmm;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Users see the API package only; store and medium stay free to change. */
class ModuleBoundaryTest {
    @Test
    void onlyTheApiPackageIsExportedAndTheJdkIsTheOnlyDependency() throws Exception {
        Path moduleInfo = Path.of("target", "classes", "module-info.class");
        ModuleDescriptor descriptor;
        try (var in = Files.newInputStream(moduleInfo)) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertThat(descriptor.name()).isEqualTo("io.jpmm");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.jpmm");
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name)
                .allMatch(name -> name.startsWith("java.") || name.startsWith("jdk."));
    }
}
