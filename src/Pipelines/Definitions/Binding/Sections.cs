// Sections: the declared keys of every mapping in a definition, with shapes, bounds, defaults and descriptions.
// The defaults quoted here are the typed records' defaults (TrainerOptions, OptimizerOptions, ...); the binders
// read through these specs and PipelineSchema emits them as JSON Schema $defs.
using System.Text.Json.Nodes;
using static Experiments.Pipelines.Definitions.Binding.ValueShape;

namespace Experiments.Pipelines.Definitions.Binding;

internal static class Sections
{
    private static JsonObject Ref(string name) => new() { ["$ref"] = $"#/$defs/{name}" };

    private static JsonObject Enum(IEnumerable<string> names) => new() { ["enum"] = new JsonArray(names.Select(n => (JsonNode)n!).ToArray()) };

    private static JsonObject OneOf(params JsonObject[] options) => new() { ["oneOf"] = new JsonArray(options) };

    private static JsonObject ListOf(JsonObject items, int minItems = 1) =>
        new() { ["type"] = "array", ["items"] = items, ["minItems"] = minItems };

    private static FieldSpec Kind(IEnumerable<string> names, string description, string? @default = null) =>
        new("kind", Choice, description) { Choices = names.ToArray(), Default = @default };

    private static string[] Opt(params string[] kinds) => kinds;

    public static readonly SectionSpec Dataset = new("dataset", "The data the runs train and test on.",
    [
        new("name", Choice, "dataset name from the catalog; --dataset overrides it") { Required = true, Choices = DefinitionRegistries.Datasets.Names.ToArray() },
        new("folder", Text, "folder holding the IDX files (default: the data resolver's search: --data-dir, EXPERIMENTS_DATA, the Debian copy, the cache)"),
        new("validation_split", Number, "fraction of the training set held out (stratified) for validation; 0 = none") { Min = 0, Max = 1, ExclusiveMax = true, Default = "0.1" },
    ]);

    public static readonly SectionSpec Normalize = new("normalize", "x = (pixel / 255 − mean) / std, per channel.",
    [
        new("mean", NumberOrList, "per-channel mean of the [0, 1] pixels (a number for 1 channel)") { Required = true },
        new("std", NumberOrList, "per-channel standard deviation") { Required = true, Min = 0, ExclusiveMin = true },
    ]);

    public static readonly SectionSpec Preprocessing = new("preprocessing", "What happens to pixels before the model (baked into saved models).",
    [
        new("normalize", Custom, "'none' or {mean, std}") { Default = "none", Schema = () => OneOf(new JsonObject { ["const"] = "none" }, Ref("normalize")) },
    ]);

    public static readonly SectionSpec Optimizer = new("optimizer", "The optimizer and its hyperparameters (PyTorch names and defaults). A bare name means {kind: name}.",
    [
        Kind(DefinitionRegistries.Optimizers.AcceptedNames, "which optimizer", "adam"),
        new("lr", Number, "learning rate") { Min = 0, ExclusiveMin = true, Default = "0.001" },
        new("weight_decay", Number, "L2 weight decay (decoupled for adamw)") { Min = 0, Default = "0" },
        new("momentum", Number, "momentum (0.9 for momentum/nesterov, 0 for rmsprop)") { Min = 0, Max = 1, ExclusiveMax = true, OnlyFor = Opt("momentum", "nesterov", "rmsprop") },
        new("betas", NumberPair, "[β1, β2] of the Adam family") { Min = 0, Max = 1, ExclusiveMax = true, Default = "[0.9, 0.999]", OnlyFor = Opt("adam", "adamw", "nadam") },
        new("eps", Number, "ε added to denominators (1e-8; 1e-10 for adagrad)") { Min = 0, ExclusiveMin = true, OnlyFor = Opt("rmsprop", "adam", "adamw", "nadam", "adagrad") },
        new("alpha", Number, "RMSprop smoothing constant") { Min = 0, Max = 1, Default = "0.99", OnlyFor = Opt("rmsprop") },
        new("centered", Flag, "centered RMSprop") { Default = "false", OnlyFor = Opt("rmsprop") },
    ]);

    public static readonly SectionSpec Scheduler = new("scheduler", "The learning-rate schedule (PyTorch names and defaults). A bare name means {kind: name}.",
    [
        Kind(DefinitionRegistries.Schedulers.AcceptedNames, "which schedule", "none"),
        new("step_size", Integer, "StepLR period in epochs") { Min = 1, Default = "10", OnlyFor = Opt("step") },
        new("gamma", Number, "decay factor") { Min = 0, ExclusiveMin = true, Default = "0.1", OnlyFor = Opt("step", "multistep", "exponential") },
        new("milestones", IntegerList, "MultiStepLR epochs") { Min = 1, OnlyFor = Opt("multistep") },
        new("t_max", Integer, "CosineAnnealingLR period (default: the run's epochs)") { Min = 1, OnlyFor = Opt("cosine") },
        new("eta_min", Number, "cosine minimum learning rate") { Min = 0, Default = "0", OnlyFor = Opt("cosine") },
        new("max_lr", Number, "OneCycleLR peak (default: the optimizer's lr)") { Min = 0, ExclusiveMin = true, OnlyFor = Opt("onecycle") },
        new("pct_start", Number, "OneCycleLR warm-up fraction") { Min = 0, Max = 1, ExclusiveMin = true, ExclusiveMax = true, Default = "0.3", OnlyFor = Opt("onecycle") },
        new("monitor", Choice, "metric ReduceLROnPlateau watches") { Choices = DefinitionRegistries.Monitors.Names.ToArray(), Default = "val_loss", OnlyFor = Opt("plateau") },
        new("mode", Choice, "min or max") { Choices = DefinitionRegistries.Modes.Names.ToArray(), Default = "min", OnlyFor = Opt("plateau") },
        new("factor", Number, "LR multiplier on a plateau") { Min = 0, Max = 1, ExclusiveMin = true, ExclusiveMax = true, Default = "0.1", OnlyFor = Opt("plateau") },
        new("patience", Integer, "epochs without improvement before reducing") { Min = 0, Default = "10", OnlyFor = Opt("plateau") },
        new("threshold", Number, "smallest improvement that counts") { Min = 0, Default = "0.0001", OnlyFor = Opt("plateau") },
        new("threshold_mode", Choice, "rel or abs") { Choices = DefinitionRegistries.ThresholdModes.Names.ToArray(), Default = "rel", OnlyFor = Opt("plateau") },
        new("cooldown", Integer, "epochs to wait after a reduction") { Min = 0, Default = "0", OnlyFor = Opt("plateau") },
        new("min_lr", Number, "ReduceLROnPlateau floor") { Min = 0, Default = "0", OnlyFor = Opt("plateau") },
    ]);

    public static readonly SectionSpec Init = new("init", "Weight initialisation of Linear and Conv layers. A bare name means {kind: name}.",
    [
        Kind(DefinitionRegistries.Inits.AcceptedNames, "which scheme (random = normal, xavier = xavier_uniform, kaiming = kaiming_uniform)", "default"),
        new("std", Number, "standard deviation of normal") { Min = 0, ExclusiveMin = true, Default = "0.01", OnlyFor = Opt("normal", "random") },
        new("range", Number, "half-width of uniform") { Min = 0, ExclusiveMin = true, Default = "0.05", OnlyFor = Opt("uniform") },
    ]);

    public static readonly SectionSpec EarlyStopping = new("early_stopping", "Stop when the monitor stops improving; the best weights are restored.",
    [
        new("monitor", Choice, "metric to watch") { Choices = DefinitionRegistries.Monitors.Names.ToArray(), Default = "val_loss" },
        new("mode", Choice, "min or max (default: max for accuracies, min for losses)") { Choices = DefinitionRegistries.Modes.Names.ToArray() },
        new("patience", Integer, "epochs without improvement before stopping") { Min = 0, Default = "5" },
        new("min_delta", Number, "smallest change that counts as an improvement") { Min = 0, Default = "0" },
    ]);

    /// <summary>The training keys shared by <c>defaults:</c> and every run.</summary>
    public static readonly IReadOnlyList<FieldSpec> TrainingFields =
    [
        new("epochs", Integer, "training epochs (an upper bound with early stopping); --epochs overrides every run") { Min = 1, Default = "10" },
        new("batch_size", Integer, "mini-batch size") { Min = 1, Default = "64" },
        new("optimizer", Custom, "optimizer name or mapping") { Default = "adam", Schema = () => OneOf(Enum(DefinitionRegistries.Optimizers.AcceptedNames), Ref("optimizer")) },
        new("scheduler", Custom, "schedule name or mapping") { Default = "none", Schema = () => OneOf(Enum(DefinitionRegistries.Schedulers.AcceptedNames), Ref("scheduler")) },
        new("loss", Choice, "loss function") { Choices = DefinitionRegistries.Losses.AcceptedNames.ToArray(), Default = "cross_entropy" },
        new("label_smoothing", Number, "cross-entropy label smoothing") { Min = 0, Max = 1, ExclusiveMax = true, Default = "0" },
        new("init", Custom, "init name or mapping") { Default = "default", Schema = () => OneOf(Enum(DefinitionRegistries.Inits.AcceptedNames), Ref("init")) },
        new("seed", Integer, "root seed of every random stream; --seed overrides it") { Min = 0, Default = "42" },
        new("early_stopping", Custom, "a mapping, or false for none") { Default = "false", Schema = () => OneOf(new JsonObject { ["type"] = "boolean" }, Ref("early_stopping")) },
        new("clip_grad_norm", Number, "clip gradients to this global L2 norm (null = off)") { Min = 0, ExclusiveMin = true, Nullable = true },
        new("clip_grad_value", Number, "clip each gradient element to ±value (null = off)") { Min = 0, ExclusiveMin = true, Nullable = true },
        new("threads", Integer, "compute threads (null = all cores); --threads overrides it") { Min = 1, Nullable = true },
    ];

    public static readonly SectionSpec Defaults = new("defaults", "Training settings every run starts from.", TrainingFields);

    private static readonly FieldSpec ModelField = new("model", Custom, "a preset name or an inline spec {kind: mlp|conv1d|conv2d, ...}")
    {
        Required = true,
        Schema = () => OneOf(Enum(DefinitionRegistries.Presets.Names), Ref("mlp"), Ref("conv1d"), Ref("conv2d")),
    };

    private static readonly FieldSpec ActivationField = new("activation", Choice, "replaces every hidden activation of the model")
    {
        Choices = DefinitionRegistries.Activations.Names.ToArray(),
    };

    public static readonly SectionSpec Run = new("run", "One run: a model plus overrides of any defaults key.",
    [
        new("name", Text, "run name (unique; default: the model label)"),
        ModelField,
        ActivationField,
        .. TrainingFields,
    ]);

    public static readonly SectionSpec Matrix = new("matrix", "Every combination of the listed values becomes a run, named model.optimizer.activation.lrX.bX.",
    [
        ModelField with { Description = "models (preset names or inline specs)", Schema = () => ListOf(ModelField.Schema!()) },
        new("optimizer", Custom, "optimizer names") { Schema = () => ListOf(Enum(DefinitionRegistries.Optimizers.AcceptedNames)) },
        new("activation", Custom, "activations") { Schema = () => ListOf(Enum(DefinitionRegistries.Activations.Names)) },
        new("lr", Custom, "learning rates") { Schema = () => ListOf(new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0 }) },
        new("batch_size", Custom, "batch sizes") { Schema = () => ListOf(new JsonObject { ["type"] = "integer", ["minimum"] = 1 }) },
    ]);

    public static readonly SectionSpec Mlp = new("mlp", "Inline MLP: flatten, hidden Linear layers, Linear(classes).",
    [
        Kind(["mlp"], "mlp"),
        new("hidden", IntegerList, "hidden widths, e.g. [64, 64, 64]") { Required = true, Min = 1 },
        new("activation", Custom, "one activation, or one per hidden layer") { Default = "relu", Schema = () => OneOf(Enum(DefinitionRegistries.Activations.Names), ListOf(Enum(DefinitionRegistries.Activations.Names))) },
        new("dropout", Number, "dropout after each hidden activation") { Min = 0, Max = 1, ExclusiveMax = true, Default = "0" },
        new("batch_norm", Flag, "BatchNorm1d after each hidden Linear") { Default = "false" },
    ]) { Kind = "mlp" };

    public static readonly SectionSpec ConvBlock = new("conv_block", "conv → [batch norm] → [activation] → [pool] → [dropout].",
    [
        new("out_channels", Integer, "output channels") { Required = true, Min = 1 },
        new("kernel", Integer, "kernel size") { Min = 1, Default = "3" },
        new("stride", Integer, "stride") { Min = 1, Default = "1" },
        new("padding", Integer, "zero padding per side") { Min = 0, Default = "0" },
        new("bias", Flag, "convolution bias") { Default = "true" },
        new("batch_norm", Flag, "BatchNorm after the conv") { Default = "false" },
        new("activation", Choice, "activation, or none") { Choices = DefinitionRegistries.BlockActivations.Names.ToArray(), Default = "relu" },
        new("pool", Choice, "pooling") { Choices = DefinitionRegistries.Pools.Names.ToArray(), Default = "none" },
        new("pool_size", Integer, "pool kernel and stride") { Min = 1, Default = "2" },
        new("dropout", Number, "dropout at the end of the block") { Min = 0, Max = 1, ExclusiveMax = true, Default = "0" },
    ]);

    public static readonly SectionSpec Head = new("head", "After the conv blocks: [global average pool], flatten, hidden Linear layers, Linear(classes).",
    [
        new("global_avg_pool", Flag, "global average pooling before flattening") { Default = "false" },
        new("hidden", IntegerList, "hidden widths") { Min = 1, Default = "[]" },
        new("activation", Choice, "activation after each hidden Linear") { Choices = DefinitionRegistries.Activations.Names.ToArray(), Default = "relu" },
        new("dropout", Number, "dropout before each Linear") { Min = 0, Max = 1, ExclusiveMax = true, Default = "0" },
        new("final_linear", Flag, "false when global pooling already yields the logits") { Default = "true" },
    ]);

    private static readonly FieldSpec BlocksField = new("blocks", Custom, "conv blocks, in order") { Required = true, Schema = () => ListOf(Ref("conv_block")) };

    private static readonly FieldSpec HeadField = new("head", Custom, "the classifier head") { Schema = () => Ref("head") };

    public static readonly SectionSpec Conv1d = new("conv1d", "Inline 1-D CNN over the image rows (or the flat image).",
    [
        Kind(["conv1d"], "conv1d"),
        new("input", Choice, "rows or flat") { Choices = DefinitionRegistries.Conv1dInputs.Names.ToArray(), Default = "rows" },
        BlocksField,
        HeadField,
    ]) { Kind = "conv1d" };

    public static readonly SectionSpec Conv2d = new("conv2d", "Inline 2-D CNN.",
    [
        Kind(["conv2d"], "conv2d"),
        BlocksField,
        HeadField,
    ]) { Kind = "conv2d" };

    public static readonly SectionSpec Root = new("pipeline", "A pipeline definition: the data, the preprocessing, the augmentation and the runs to compare.",
    [
        new("name", Text, "kebab-case name; the file is pipelines/<name>.yaml") { Required = true },
        new("description", Text, "one line shown by list and in reports"),
        new("dataset", Custom, "the dataset") { Required = true, Schema = () => Ref("dataset") },
        new("preprocessing", Custom, "pixel preprocessing") { Schema = () => Ref("preprocessing") },
        new("augmentation", Custom, "training-time augmentation steps, applied in order") { Default = "[]", Schema = () => new JsonObject { ["type"] = "array", ["items"] = AugmentationBinder.Schema() } },
        new("defaults", Custom, "training settings every run starts from") { Schema = () => Ref("defaults") },
        new("runs", Custom, "explicit runs") { Schema = () => ListOf(Ref("run")) },
        new("matrix", Custom, "a matrix, or a list of matrices, expanded into runs") { Schema = () => OneOf(Ref("matrix"), ListOf(Ref("matrix"))) },
        new("seeds", Custom, "repeat every run once per seed (run name suffix .s<seed>)") { Schema = () => ListOf(new JsonObject { ["type"] = "integer", ["minimum"] = 0 }) },
    ]);

    /// <summary>Every non-augmentation section, in schema order.</summary>
    public static IEnumerable<SectionSpec> All =>
        [Root, Dataset, Preprocessing, Normalize, Defaults, Optimizer, Scheduler, Init, EarlyStopping, Run, Matrix, Mlp, Conv1d, Conv2d, ConvBlock, Head];
}
