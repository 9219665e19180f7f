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

package dev.wasmspring.runtime.internal.host;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.exception.WasmLinkException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmImportDescriptor;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.extism.ExtismKernel;
import dev.wasmspring.runtime.internal.limits.CallDeadline;
import dev.wasmspring.runtime.internal.trace.GuestTrace;
import dev.wasmspring.runtime.internal.wasi.WasiSession;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.value.WasmValues;
import org.jspecify.annotations.Nullable;

/**
 * A module's imports resolved once, at load time, to the host functions that satisfy
 * them. Binding the plan to a new instance only wraps each resolved function with the
 * instance's context: no lookups, no checks.
 */
public final class ImportPlan {

	public static final String WASI_MODULE = "wasi_snapshot_preview1";

	private static final ImportPlan EMPTY = new ImportPlan(new Binder[0], false, false);

	private static final ImportPlan EMPTY_EXTISM = new ImportPlan(new Binder[0], false, true);

	// immutable, and copied by the engine into each instance's own: one serves every
	// instance without imports
	private static final ImportValues NO_IMPORTS = ImportValues.empty();

	private static volatile @Nullable Map<String, Integer> wasiIndex;

	private static volatile @Nullable HostFunction[] wasiReference;

	private final Binder[] binders;

	private final boolean usesWasi;

	private final boolean extism;

	// the other modules of an Extism manifest this module imports from, or null
	private final @Nullable LinkedModules linked;

	private ImportPlan(Binder[] binders, boolean usesWasi, boolean extism) {
		this(binders, usesWasi, extism, null);
	}

	/**
	 * Return the other modules of the module's Extism manifest, as a failure's guest
	 * frames name them.
	 * @return the modules, or none
	 */
	public List<GuestTrace.LinkedModule> linkedModules() {
		return (this.linked != null) ? this.linked.traced() : List.of();
	}

	private ImportPlan(Binder[] binders, boolean usesWasi, boolean extism, @Nullable LinkedModules linked) {
		this.binders = binders;
		this.usesWasi = usesWasi;
		this.extism = extism;
		this.linked = linked;
	}

	/**
	 * Return whether the module is an Extism plugin, whose instances get an Extism
	 * kernel.
	 */
	public boolean isExtism() {
		return this.extism;
	}

	public boolean usesWasi() {
		return this.usesWasi;
	}

	public boolean isEmpty() {
		return this.binders.length == 0;
	}

	public ImportValues bind(WasmCallContext context, CallDeadline deadline, @Nullable WasiSession wasi,
			@Nullable ExtismKernel kernel) {
		return bind(context, deadline, wasi, kernel, null);
	}

	/**
	 * Bind the plan to a new instance; the other modules of its Extism manifest that it
	 * imports from are instantiated for it, sharing its kernel, WASI session and account.
	 * @param context the instance's context
	 * @param deadline the deadline host functions check on return
	 * @param wasi the instance's WASI session, or {@code null}
	 * @param kernel the instance's Extism kernel, or {@code null}
	 * @param account the instance's account, which linked modules' memory is reserved
	 * from, or {@code null} if the plan links no module
	 * @return the instance's imports
	 */
	public ImportValues bind(WasmCallContext context, CallDeadline deadline, @Nullable WasiSession wasi,
			@Nullable ExtismKernel kernel,
			dev.wasmspring.runtime.internal.limits.MemoryBudget.@Nullable Account account) {
		if (this.binders.length == 0) {
			return NO_IMPORTS;
		}
		WasiSession session = this.usesWasi ? wasi : null;
		LinkedModules.Instances linkedInstances = (this.linked != null && account != null)
				? this.linked.open(context, deadline, wasi, kernel, account) : null;
		ImportFunction[] functions = new ImportFunction[this.binders.length];
		for (int i = 0; i < functions.length; i++) {
			Binder binder = this.binders[i];
			functions[i] = (binder instanceof LinkedBinder linkedBinder)
					? linkedBinder.bind(linkedInstances, this.linked) : binder.bind(context, deadline, session, kernel);
		}
		return ImportValues.builder().addFunction(functions).build();
	}

	/** Resolves one import per instance. */
	private interface Binder {

		ImportFunction bind(WasmCallContext context, CallDeadline deadline, @Nullable WasiSession wasi,
				@Nullable ExtismKernel kernel);

	}

	/** An import of another module of the same Extism manifest, by its name. */
	private record LinkedBinder(String module, int moduleIndex, String name, FunctionType type) implements Binder {

		@Override
		public ImportFunction bind(WasmCallContext context, CallDeadline deadline, @Nullable WasiSession wasi,
				@Nullable ExtismKernel kernel) {
			throw new IllegalStateException("a linked import is bound with its linked instances");
		}

		ImportFunction bind(LinkedModules.@Nullable Instances instances, @Nullable LinkedModules linked) {
			if (instances == null) {
				throw new IllegalStateException("The linked module '" + this.module + "' was not instantiated");
			}
			int module = this.moduleIndex;
			String export = this.name;
			return new HostFunction(this.module, this.name, this.type,
					(instance, args) -> instances.call(module, export, args, instance));
		}

	}

	private record HostBinder(WasmHostFunction function, FunctionType type,
			BiFunction<WasmCallContext, CallDeadline, WasmFunctionHandle> handles) implements Binder {

		@Override
		public ImportFunction bind(WasmCallContext context, CallDeadline deadline, @Nullable WasiSession wasi,
				@Nullable ExtismKernel kernel) {
			return new HostFunction(this.function.module(), this.function.name(), this.type,
					this.handles.apply(context, deadline));
		}

	}

	/**
	 * A WASI function: its name and type are the module's, and the instance's session
	 * opens the engine's WASI on the guest's first call.
	 */
	private record WasiBinder(int index, String name, FunctionType type) implements Binder {

		@Override
		public ImportFunction bind(WasmCallContext context, CallDeadline deadline, @Nullable WasiSession wasi,
				@Nullable ExtismKernel kernel) {
			if (wasi == null) {
				throw new IllegalStateException("A WASI import is bound without a WASI session");
			}
			int index = this.index;
			// a WASI function that waits (poll_oneoff) may swallow the watchdog's
			// interrupt: check on return
			return new HostFunction(WASI_MODULE, this.name, this.type, (instance, args) -> {
				long[] results = wasi.call(index, instance, args);
				deadline.check();
				return results;
			});
		}

	}

	private record ExtismBinder(int index) implements Binder {

		@Override
		public ImportFunction bind(WasmCallContext context, CallDeadline deadline, @Nullable WasiSession wasi,
				@Nullable ExtismKernel kernel) {
			kernel.deadline(deadline);
			return kernel.hostFunction(this.index);
		}

	}

	public static ImportPlan link(WasmModuleDefinition definition, CompiledArtifact artifact,
			Map<HostKey, List<WasmHostFunction>> hostFunctions, WasmSettingNames settingNames) {
		return link(definition, artifact, hostFunctions, settingNames, null);
	}

	/**
	 * Resolve a module's imports: to WASI, Extism's kernel, host functions, and the
	 * exports of the other modules of its Extism manifest.
	 * @param definition the module's definition
	 * @param artifact the compiled module
	 * @param hostFunctions the host functions, indexed
	 * @param settingNames how messages name settings
	 * @param linked the other modules of its manifest, or {@code null}
	 * @return the plan
	 */
	public static ImportPlan link(WasmModuleDefinition definition, CompiledArtifact artifact,
			Map<HostKey, List<WasmHostFunction>> hostFunctions, WasmSettingNames settingNames,
			@Nullable LinkedModules linked) {
		String moduleName = definition.name();
		if (!artifact.otherImports().isEmpty()) {
			String imports = String.join(", ", artifact.otherImports());
			throw new WasmLinkException(moduleName, Reason.UNSUPPORTED_KIND, artifact.otherImports().get(0),
					"WASM module '" + moduleName + "' imports " + imports
							+ ", but only functions can be provided by the host. Rebuild the module so that it "
							+ "defines its own memory, tables and globals (for C: do not pass --import-memory).",
					List.of());
		}
		List<WasmImportDescriptor> imports = artifact.functionImports();
		boolean extism = isExtism(definition, imports);
		if (imports.isEmpty()) {
			return extism ? EMPTY_EXTISM : EMPTY;
		}
		Binder[] binders = new Binder[imports.size()];
		List<String> problems = new ArrayList<>();
		List<String> candidates = new ArrayList<>();
		Reason firstReason = null;
		String firstImport = null;
		boolean usesWasi = false;
		for (int i = 0; i < binders.length; i++) {
			WasmImportDescriptor imported = imports.get(i);
			Problem problem;
			if (WASI_MODULE.equals(imported.module())
					&& hostFunctions.containsKey(new HostKey(imported.module(), imported.name()))) {
				// a host function named for a WASI import replaces the sandbox's own, by
				// the application's choice
				problem = linkHost(definition, artifact, imported, hostFunctions, extism, binders, i, settingNames);
			}
			else if (WASI_MODULE.equals(imported.module())) {
				usesWasi = true;
				problem = linkWasi(definition, imported, binders, i, settingNames);
			}
			else if (ExtismKernel.MODULE.equals(imported.module())) {
				problem = linkExtism(definition, imported, extism, binders, i);
			}
			else if (linked != null && linked.indexOf(imported.module()) >= 0) {
				problem = linkModule(definition, imported, linked, binders, i);
			}
			else {
				problem = linkHost(definition, artifact, imported, hostFunctions, extism, binders, i, settingNames);
			}
			if (problem != null) {
				if (firstReason == null) {
					firstReason = problem.reason;
					firstImport = imported.qualifiedName();
					// the exception's reason and candidates describe the same (first)
					// import
					candidates.addAll(problem.candidates);
				}
				problems.add(problem.message);
			}
		}
		if (firstReason != null) {
			String message = (problems.size() == 1) ? problems.get(0) : "WASM module '" + moduleName + "' has "
					+ problems.size() + " imports that cannot be linked:\n - " + String.join("\n - ", problems);
			throw new WasmLinkException(moduleName, firstReason, firstImport, message, candidates);
		}
		boolean linksModules = java.util.Arrays.stream(binders).anyMatch(LinkedBinder.class::isInstance);
		return new ImportPlan(binders, usesWasi || (linksModules && linked.usesWasi()), extism,
				linksModules ? linked : null);
	}

	private static @Nullable Problem linkModule(WasmModuleDefinition definition, WasmImportDescriptor imported,
			LinkedModules linked, Binder[] binders, int position) {
		int index = linked.indexOf(imported.module());
		FunctionType type = linked.exportType(index, imported.name());
		if (type == null) {
			return new Problem(Reason.MISSING, "WASM module '" + definition.name() + "' imports "
					+ imported.qualifiedName() + imported.type() + ", but the module '" + imported.module()
					+ "' of its Extism manifest exports no function '" + imported.name() + "'; its functions are "
					+ linked.exportNames(index) + ". Correct the import or the manifest's module names.", List.of());
		}
		WasmFunctionType provided = CompiledArtifact.toWasmType(type);
		if (!provided.equals(imported.type())) {
			return new Problem(Reason.SIGNATURE_MISMATCH, "WASM module '" + definition.name() + "' imports "
					+ imported.qualifiedName() + " as " + imported.type() + ", but the module '" + imported.module()
					+ "' of its Extism manifest exports it as " + provided + ". Rebuild one to match the other.",
					List.of());
		}
		binders[position] = new LinkedBinder(imported.module(), index, imported.name(), type);
		return null;
	}

	private static boolean isExtism(WasmModuleDefinition definition, List<WasmImportDescriptor> imports) {
		return switch (definition.abi()) {
			case EXTISM -> true;
			case STANDARD -> false;
			case AUTO -> imports.stream().anyMatch((imported) -> ExtismKernel.MODULE.equals(imported.module()));
		};
	}

	private static @Nullable Problem linkExtism(WasmModuleDefinition definition, WasmImportDescriptor imported,
			boolean extism, Binder[] binders, int position) {
		String moduleName = definition.name();
		if (!extism) {
			return new Problem(Reason.NOT_ALLOWED, "WASM module '" + moduleName + "' imports "
					+ imported.qualifiedName() + imported.type() + " from Extism's kernel, but it is set to use the "
					+ "standard ABI. Remove the ABI setting (or set it to extism) to run it as an Extism plugin.",
					List.of());
		}
		Integer index = ExtismKernel.indexOf(imported.name());
		if (index == null) {
			return new Problem(Reason.MISSING,
					"WASM module '" + moduleName + "' imports " + imported.qualifiedName() + imported.type()
							+ ", which Extism's kernel does not define here. The kernel functions provided " + "are "
							+ ExtismKernel.names() + "; rebuild the plugin with a current Extism PDK.",
					List.of());
		}
		WasmFunctionType provided = CompiledArtifact.toWasmType(ExtismKernel.typeOf(index));
		if (!provided.equals(imported.type())) {
			return new Problem(Reason.SIGNATURE_MISMATCH,
					"WASM module '" + moduleName + "' imports " + imported.qualifiedName() + " as " + imported.type()
							+ ", but Extism's kernel defines it as " + provided
							+ ". Rebuild the plugin with a current Extism PDK.",
					List.of());
		}
		binders[position] = new ExtismBinder(index);
		return null;
	}

	private record Problem(Reason reason, String message, List<String> candidates) {
	}

	private static @Nullable Problem linkWasi(WasmModuleDefinition definition, WasmImportDescriptor imported,
			Binder[] binders, int position, WasmSettingNames settingNames) {
		String moduleName = definition.name();
		if (!definition.wasi().isEnabled()) {
			return new Problem(Reason.NOT_ALLOWED,
					"WASM module '" + moduleName + "' imports " + imported.qualifiedName() + imported.type()
							+ " from WASI, but WASI is not enabled for it. " + "Enable "
							+ settingNames.wasiEnabled(moduleName) + " to give it a WASI sandbox.",
					List.of());
		}
		Map<String, Integer> index = wasiIndex();
		Integer found = index.get(imported.name());
		if (found == null) {
			return new Problem(Reason.MISSING,
					"WASM module '" + moduleName + "' imports " + imported.qualifiedName() + imported.type()
							+ ", which WASI preview 1 does not define. Rebuild the module for wasm32-wasi "
							+ "(WASI preview 1).",
					List.of());
		}
		WasmFunctionType provided = CompiledArtifact
			.toWasmType(FunctionType.of(wasiReference[found].paramTypes(), wasiReference[found].returnTypes()));
		if (!provided.equals(imported.type())) {
			return new Problem(Reason.SIGNATURE_MISMATCH,
					"WASM module '" + moduleName + "' imports " + imported.qualifiedName() + " as " + imported.type()
							+ ", but WASI defines it as " + provided
							+ ". Rebuild the module for wasm32-wasi (WASI preview 1).",
					List.of());
		}
		binders[position] = new WasiBinder(found, imported.name(), wasiReference[found].functionType());
		return null;
	}

	private static @Nullable Problem linkHost(WasmModuleDefinition definition, CompiledArtifact artifact,
			WasmImportDescriptor imported, Map<HostKey, List<WasmHostFunction>> hostFunctions, boolean extism,
			Binder[] binders, int position, WasmSettingNames settingNames) {
		String moduleName = definition.name();
		Set<String> allowed = definition.allowedImportModules();
		if (allowed != null && !allowed.contains(imported.module())) {
			return new Problem(Reason.NOT_ALLOWED,
					"WASM module '" + moduleName + "' imports " + imported.qualifiedName() + imported.type()
							+ ", but may only link host modules " + allowed + ". If it should, add '"
							+ imported.module() + "' to " + settingNames.allowedImports(moduleName) + ".",
					List.of());
		}
		List<WasmHostFunction> matches = hostFunctions.getOrDefault(new HostKey(imported.module(), imported.name()),
				List.of());
		if (matches.size() > 1) {
			List<String> claimants = matches.stream().map(WasmHostFunction::description).toList();
			return new Problem(Reason.DUPLICATE,
					"Import " + imported.qualifiedName() + " of WASM module '" + moduleName + "' is claimed by "
							+ matches.size() + " host functions: " + claimants
							+ ". Keep one, or give the others another name with @WasmImport(name = ...).",
					claimants);
		}
		if (matches.isEmpty()) {
			List<String> close = closeMatches(imported, hostFunctions.values());
			return new Problem(Reason.MISSING, "WASM module '" + moduleName + "' imports " + imported.qualifiedName()
					+ " with signature " + imported.type()
					+ ", but no host function provides it. Add a method to a Spring bean such as "
					+ suggestion(imported) + (close.isEmpty() ? "." : ". Host functions that came close: " + close),
					close);
		}
		WasmHostFunction function = matches.get(0);
		if (!extism && function.module().startsWith(ExtismKernel.MODULE_PREFIX)) {
			return new Problem(Reason.NOT_ALLOWED, "WASM module '" + moduleName + "' imports "
					+ imported.qualifiedName() + ", which " + function.description() + " provides as an Extism host "
					+ "function (passing text and bytes as Extism memory handles), but the module is not an Extism "
					+ "plugin: it does not import Extism's kernel (extism:host/env). Set its ABI to extism if it is "
					+ "one.", List.of(function.description()));
		}
		if (!function.type().equals(imported.type())) {
			return new Problem(Reason.SIGNATURE_MISMATCH,
					"WASM module '" + moduleName + "' imports " + imported.qualifiedName() + " with signature "
							+ imported.type() + ", but " + function.description() + " has signature " + function.type()
							+ ". Change the method to match, for example " + suggestion(imported) + ".",
					List.of(function.description()));
		}
		for (Map.Entry<String, WasmFunctionType> required : function.requiredExports().entrySet()) {
			CompiledArtifact.ExportedFunction export = artifact.export(required.getKey());
			if (export == null || !export.type().equals(required.getValue())) {
				String found = (export != null) ? ", but its " + export.name() + " has signature " + export.type()
						: ", which it does not";
				return new Problem(Reason.MISSING_EXPORT,
						"WASM module '" + moduleName + "' imports " + imported.qualifiedName() + imported.type()
								+ ", and its host function " + function.description() + " needs the module to export "
								+ required.getKey() + required.getValue() + found + ". Export " + required.getKey()
								+ required.getValue()
								+ " from the module; see docs/host-functions.md for the memory ABI.",
						List.of(function.description()));
			}
		}
		binders[position] = new HostBinder(function, CompiledArtifact.toChicoryType(function.type()),
				HostCalls.factory(function, imported.qualifiedName()));
		return null;
	}

	private static List<String> closeMatches(WasmImportDescriptor imported,
			Collection<List<WasmHostFunction>> hostFunctions) {
		String wanted = imported.name().toLowerCase(Locale.ROOT).replace("_", "");
		return hostFunctions.stream().flatMap(List::stream).filter((function) -> {
			String name = function.name().toLowerCase(Locale.ROOT).replace("_", "");
			return name.equals(wanted) || distance(name, wanted) <= 2
					|| (function.module().equals(imported.module()) && function.type().equals(imported.type()));
		})
			.map((function) -> function.module() + "." + function.name() + function.type() + " ("
					+ function.description() + ")")
			.distinct()
			.limit(5)
			.collect(Collectors.toList());
	}

	private static String suggestion(WasmImportDescriptor imported) {
		StringBuilder java = new StringBuilder("@WasmImport(module = \"").append(imported.module())
			.append("\", name = \"")
			.append(imported.name())
			.append("\") ");
		List<WasmValueType> results = imported.type().results();
		java.append(results.isEmpty() ? "void" : javaType(results.get(0)))
			.append(' ')
			.append(methodName(imported.name()))
			.append('(');
		List<WasmValueType> params = imported.type().params();
		boolean pair = false;
		for (int i = 0; i < params.size(); i++) {
			java.append((i > 0) ? ", " : "").append(javaType(params.get(i))).append(" arg").append(i);
			pair |= i > 0 && params.get(i) == WasmValueType.I32 && params.get(i - 1) == WasmValueType.I32;
		}
		java.append(')');
		List<String> hints = new ArrayList<>();
		if (pair) {
			hints.add("a pair of i32 (pointer, length) can be one String or byte[] parameter");
		}
		// an i64 result is text or bytes only when text or bytes come in too; a plain i64
		// stays a long
		if (pair && !results.isEmpty() && results.get(0) == WasmValueType.I64) {
			hints.add("an i64 result can be a String or byte[] written through the module's alloc");
		}
		if (!hints.isEmpty()) {
			java.append(" (").append(String.join("; ", hints)).append(": see docs/host-functions.md)");
		}
		return java.toString();
	}

	/**
	 * A Java method name for an import name: {@code is_regular} and {@code is-regular}
	 * become {@code isRegular}.
	 */
	static String methodName(String importName) {
		StringBuilder name = new StringBuilder();
		boolean upper = false;
		for (int i = 0; i < importName.length(); i++) {
			char c = importName.charAt(i);
			if (!Character.isJavaIdentifierPart(c) || c == '_' || c == '$') {
				upper = name.length() > 0;
				continue;
			}
			if (name.length() == 0 && !Character.isJavaIdentifierStart(c)) {
				name.append('_');
			}
			name.append(upper ? Character.toUpperCase(c) : c);
			upper = false;
		}
		if (name.length() == 0) {
			return "hostFunction";
		}
		return KEYWORDS.contains(name.toString()) ? name + "_" : name.toString();
	}

	private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
			"catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
			"false", "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
			"interface", "long", "native", "new", "null", "package", "private", "protected", "public", "return",
			"short", "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient",
			"true", "try", "void", "volatile", "while", "var", "yield", "record");

	private static String javaType(WasmValueType type) {
		Class<?> javaType = WasmValues.javaType(type);
		return (javaType != null) ? javaType.getName() : type.toString();
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * Index host functions by the import they provide.
	 * @param functions the host functions
	 * @return the functions by import, in the given order
	 */
	public static Map<HostKey, List<WasmHostFunction>> index(Collection<? extends WasmHostFunction> functions) {
		Map<HostKey, List<WasmHostFunction>> index = new LinkedHashMap<>();
		for (WasmHostFunction function : functions) {
			index.computeIfAbsent(new HostKey(function.module(), function.name()), (key) -> new ArrayList<>())
				.add(function);
		}
		return index;
	}

	/**
	 * The import a host function provides, by module and name apart:
	 * {@code a.b}/{@code c} and {@code a}/{@code b.c} are different imports, though both
	 * read {@code a.b.c}.
	 *
	 * @param module the import module
	 * @param name the import name
	 */
	public record HostKey(String module, String name) {

		@Override
		public boolean equals(@Nullable Object other) {
			// written out: a record's generated equals and hashCode link through a
			// bootstrap
			// method whose first use costs a fresh JVM tens of milliseconds
			return this == other
					|| (other instanceof HostKey key && this.module.equals(key.module) && this.name.equals(key.name));
		}

		@Override
		public int hashCode() {
			return 31 * this.module.hashCode() + this.name.hashCode();
		}

	}

	private static Map<String, Integer> wasiIndex() {
		Map<String, Integer> index = wasiIndex;
		if (index == null) {
			// the order of WASI's host functions is fixed, so positions found once hold
			// for every instance
			try (WasiPreview1 reference = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build()) {
				HostFunction[] functions = reference.toHostFunctions();
				Map<String, Integer> positions = new HashMap<>();
				for (int i = 0; i < functions.length; i++) {
					positions.put(functions[i].name(), i);
				}
				wasiReference = functions;
				index = Map.copyOf(positions);
				wasiIndex = index;
			}
		}
		return index;
	}

}
