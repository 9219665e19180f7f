/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wasmspring.runtime.internal.compile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import org.jspecify.annotations.Nullable;

/**
 * The classes compiled from one module, defined from the compiler's code file in a class
 * loader of the module's own, so that they are unloaded (and their metaspace returned)
 * once nothing uses the module. The compiler puts a copy of its helper class (the same
 * bytes for every module, static methods only) into every module's code; that class is
 * defined once per distinct content and shared by every module, instead of once per
 * module. Nothing else is kept: not the code file, not the class bytes.
 */
final class ModuleClasses {

	/** The compiler's description of a code file, naming its machine class. */
	private static final String DESCRIPTOR = "wasm-module.properties";

	/** The suffix the compiler gives its helper class after the machine class's name. */
	private static final String HELPER_SUFFIX = "Shaded";

	private static final int ACC_PUBLIC = 0x0001;

	/**
	 * Helper classes by their content's digest: few, one per engine build in practice.
	 */
	private static final Map<String, Class<?>> sharedHelpers = new ConcurrentHashMap<>();

	private final Function<Instance, Machine> machineFactory;

	private final boolean interpretsFunctions;

	private ModuleClasses(Function<Instance, Machine> machineFactory, boolean interpretsFunctions) {
		this.machineFactory = machineFactory;
		this.interpretsFunctions = interpretsFunctions;
	}

	/**
	 * Define the classes of a code file the engine's compiler wrote.
	 * @param code the code file (a jar)
	 * @param digest the digest of the module's bytes, which names the classes' loader
	 * @return the classes
	 * @throws RuntimeException if the file cannot be read or its classes defined
	 */
	static ModuleClasses define(byte[] code, String digest) {
		return define(code, digest, null);
	}

	/**
	 * Define the classes of a code file the engine's compiler wrote, taking the word of
	 * the file's record on whether some function was left to the interpreter: code
	 * compiled at build time or read back from the code directory is used only when its
	 * record says none was, so its classes are not searched for calls into the
	 * interpreter again (a byte-by-byte search of every class, which a fresh JVM runs
	 * interpreted).
	 * @param code the code file (a jar)
	 * @param digest the digest of the module's bytes, which names the classes' loader
	 * @param interpreted what the file's record says: whether some function is left to
	 * the interpreter; {@code null} to search the classes for it
	 * @return the classes
	 * @throws RuntimeException if the file cannot be read or its classes defined
	 */
	static ModuleClasses define(byte[] code, String digest, @Nullable Boolean interpreted) {
		Map<String, byte[]> classes = new LinkedHashMap<>();
		String mainClass = null;
		try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(code))) {
			for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
				String name = entry.getName();
				if (name.equals(DESCRIPTOR)) {
					Properties descriptor = new Properties();
					descriptor.load(in);
					mainClass = descriptor.getProperty("mainClass");
				}
				else if (name.endsWith(".class")) {
					classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
							in.readAllBytes());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read compiled code", ex);
		}
		if (mainClass == null || !classes.containsKey(mainClass)) {
			throw new IllegalStateException("Compiled code without its machine class (" + classes.keySet() + ")");
		}
		boolean interprets = (interpreted != null) ? interpreted : interpretsFunctions(classes.values());
		ClassLoader engineLoader = Machine.class.getClassLoader();
		ClassLoader parent = engineLoader;
		String helperName = mainClass + HELPER_SUFFIX;
		byte[] helper = classes.get(helperName);
		if (helper != null) {
			Class<?> shared = sharedHelper(helperName, helper, engineLoader);
			parent = shared.getClassLoader();
			classes.remove(helperName);
		}
		Loader loader = new Loader(codeName(digest), parent);
		classes.forEach(loader::define);
		return new ModuleClasses(constructor(loader.loaded(mainClass)), interprets);
	}

	private static boolean interpretsFunctions(Iterable<byte[]> classes) {
		for (byte[] bytes : classes) {
			if (CodeDirectory.contains(bytes, CodeDirectory.INTERPRETER_REFERENCE)) {
				return true;
			}
		}
		return false;
	}

	private static Class<?> sharedHelper(String name, byte[] bytes, ClassLoader engineLoader) {
		String key = name + "@" + ContentDigest.sha256(bytes);
		return sharedHelpers.computeIfAbsent(key, (ignored) -> {
			// public, so that each module's own classes (in loaders of their own) may
			// call it
			Loader loader = new Loader(null, engineLoader);
			return loader.define(name, publicClass(bytes));
		});
	}

	private static Function<Instance, Machine> constructor(Class<?> machine) {
		MethodHandle constructor;
		try {
			constructor = MethodHandles.publicLookup()
				.findConstructor(machine, MethodType.methodType(void.class, Instance.class))
				.asType(MethodType.methodType(Machine.class, Instance.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Compiled machine " + machine.getName() + " has no usable constructor", ex);
		}
		return (instance) -> {
			try {
				return (Machine) constructor.invokeExact(instance);
			}
			catch (RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new UndeclaredThrowableException(ex);
			}
		};
	}

	/**
	 * Return the name of the class loader of a module's classes, which the frames of its
	 * compiled code carry.
	 * @param digest the digest of the module's bytes
	 * @return the name
	 */
	static String codeName(String digest) {
		return "wasm-" + digest.substring(0, Math.min(16, digest.length()));
	}

	/**
	 * Return a factory of the compiled machine.
	 * @return the factory
	 */
	Function<Instance, Machine> machineFactory() {
		return this.machineFactory;
	}

	/**
	 * Return whether some function was left to the interpreter, which then needs the
	 * module's function bodies.
	 * @return whether functions are interpreted
	 */
	boolean interpretsFunctions() {
		return this.interpretsFunctions;
	}

	/**
	 * The class file with its access flags made public: walks the constant pool to find
	 * them.
	 */
	static byte[] publicClass(byte[] bytes) {
		byte[] copy = bytes.clone();
		int position = 8;
		int count = u2(copy, position);
		position += 2;
		for (int i = 1; i < count; i++) {
			int tag = copy[position++] & 0xff;
			switch (tag) {
				case 1 -> position += 2 + u2(copy, position);
				case 3, 4, 9, 10, 11, 12, 17, 18 -> position += 4;
				case 5, 6 -> {
					position += 8;
					i++;
				}
				case 7, 8, 16, 19, 20 -> position += 2;
				case 15 -> position += 3;
				default -> throw new IllegalStateException("Unknown constant pool tag " + tag);
			}
		}
		copy[position + 1] |= ACC_PUBLIC;
		return copy;
	}

	private static int u2(byte[] bytes, int position) {
		return ((bytes[position] & 0xff) << 8) | (bytes[position + 1] & 0xff);
	}

	/** Defines the classes it is given; finds everything else through its parent. */
	private static final class Loader extends ClassLoader {

		Loader(@Nullable String name, ClassLoader parent) {
			super(name, parent);
		}

		Class<?> define(String name, byte[] bytes) {
			return defineClass(name, bytes, 0, bytes.length);
		}

		Class<?> loaded(String name) {
			Class<?> loaded = findLoadedClass(name);
			if (loaded == null) {
				throw new IllegalStateException("Compiled class " + name + " was not defined");
			}
			return loaded;
		}

		@Override
		protected Class<?> findClass(String name) throws ClassNotFoundException {
			throw new ClassNotFoundException(name);
		}

	}

}
