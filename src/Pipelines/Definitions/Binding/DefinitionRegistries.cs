// DefinitionRegistries: every YAML name → value table of the definitions (optimizers, schedules, losses, inits,
// activations, pools, layouts, interpolations, monitors), written out in one place. The model kinds and the
// augmentation kinds are registries too (ArchitectureBinder.Kinds, AugmentationBinder.Kinds) since their values
// are binders. Canonical names follow PyTorch's spelling in snake_case.
using Experiments.ML.Data.Catalog;
using Experiments.ML.Models;
using Experiments.ML.Training;
using Experiments.ML.Transforms;

namespace Experiments.Pipelines.Definitions.Binding;

internal static class DefinitionRegistries
{
    public static readonly NameRegistry<OptimizerKind> Optimizers = new("optimizer",
    [
        ("sgd", OptimizerKind.Sgd, "plain SGD (torch.optim.SGD, momentum 0)"),
        ("momentum", OptimizerKind.Momentum, "SGD with momentum (default 0.9)"),
        ("nesterov", OptimizerKind.Nesterov, "SGD with Nesterov momentum (default 0.9)"),
        ("rmsprop", OptimizerKind.RMSprop, "torch.optim.RMSprop"),
        ("adam", OptimizerKind.Adam, "torch.optim.Adam"),
        ("adamw", OptimizerKind.AdamW, "torch.optim.AdamW (decoupled weight decay)"),
        ("nadam", OptimizerKind.NAdam, "torch.optim.NAdam"),
        ("adagrad", OptimizerKind.Adagrad, "torch.optim.Adagrad"),
    ]);

    public static readonly NameRegistry<SchedulerKind> Schedulers = new("scheduler",
    [
        ("none", SchedulerKind.None, "constant learning rate"),
        ("step", SchedulerKind.Step, "StepLR(step_size, gamma)"),
        ("multistep", SchedulerKind.MultiStep, "MultiStepLR(milestones, gamma)"),
        ("exponential", SchedulerKind.Exponential, "ExponentialLR(gamma)"),
        ("cosine", SchedulerKind.Cosine, "CosineAnnealingLR(t_max, eta_min)"),
        ("onecycle", SchedulerKind.OneCycle, "OneCycleLR(max_lr, pct_start), stepped per batch"),
        ("plateau", SchedulerKind.Plateau, "ReduceLROnPlateau(monitor, mode, factor, patience, ...)"),
    ]);

    public static readonly NameRegistry<LossKind> Losses = new("loss",
    [
        ("cross_entropy", LossKind.CrossEntropy, "cross-entropy from logits (nn.CrossEntropyLoss)"),
        ("nll", LossKind.Nll, "negative log-likelihood of log-softmax (nn.NLLLoss)"),
        ("mse", LossKind.Mse, "MSE between softmax probabilities and one-hot targets"),
    ]);

    public static readonly NameRegistry<InitKind> Inits = new("init",
    [
        ("default", InitKind.Default, "PyTorch's per-layer defaults"),
        ("normal", InitKind.Normal, "N(0, std²) weights, zero biases"),
        ("uniform", InitKind.Uniform, "U(−range, range) weights, zero biases"),
        ("xavier_uniform", InitKind.XavierUniform, "Glorot uniform, zero biases"),
        ("xavier_normal", InitKind.XavierNormal, "Glorot normal, zero biases"),
        ("kaiming_uniform", InitKind.KaimingUniform, "He uniform (ReLU gain), zero biases"),
        ("kaiming_normal", InitKind.KaimingNormal, "He normal (ReLU gain), zero biases"),
    ], new Dictionary<string, string> { ["random"] = "normal", ["xavier"] = "xavier_uniform", ["kaiming"] = "kaiming_uniform" });

    public static readonly NameRegistry<ActivationKind> Activations = new("activation",
    [
        ("relu", ActivationKind.ReLU, "max(0, x)"),
        ("leaky_relu", ActivationKind.LeakyReLU, "LeakyReLU(0.01)"),
        ("tanh", ActivationKind.Tanh, "tanh"),
        ("sigmoid", ActivationKind.Sigmoid, "logistic sigmoid"),
        ("gelu", ActivationKind.GELU, "GELU (exact)"),
    ]);

    /// <summary>Conv-block activations: the activations plus <c>none</c> (e.g. a 1×1 transition conv).</summary>
    public static readonly NameRegistry<ActivationKind?> BlockActivations = new("activation",
        Activations.Entries.Select(e => (e.Name, (ActivationKind?)e.Value, e.Description))
            .Append(("none", (ActivationKind?)null, "no activation")));

    public static readonly NameRegistry<PoolKind> Pools = new("pool",
    [
        ("none", PoolKind.None, "no pooling"),
        ("max", PoolKind.Max, "max pooling, kernel = stride = pool_size"),
        ("avg", PoolKind.Avg, "average pooling, kernel = stride = pool_size"),
    ]);

    public static readonly NameRegistry<Conv1dInputLayout> Conv1dInputs = new("conv1d input layout",
    [
        ("rows", Conv1dInputLayout.Rows, "rows as channels: 28 channels × 28 steps"),
        ("flat", Conv1dInputLayout.Flat, "one channel × 784 steps"),
    ]);

    public static readonly NameRegistry<Interpolation> Interpolations = new("interpolation",
    [
        ("nearest", Interpolation.Nearest, "nearest neighbour"),
        ("bilinear", Interpolation.Bilinear, "bilinear"),
    ]);

    public static readonly NameRegistry<string> Monitors = new("monitor",
    [
        ("val_loss", "val_loss", "validation loss"),
        ("val_accuracy", "val_accuracy", "validation accuracy"),
        ("train_loss", "train_loss", "training loss"),
        ("train_accuracy", "train_accuracy", "training accuracy"),
    ]);

    public static readonly NameRegistry<string> Modes = new("mode",
    [
        ("min", "min", "lower is better"),
        ("max", "max", "higher is better"),
    ]);

    public static readonly NameRegistry<string> ThresholdModes = new("threshold mode",
    [
        ("rel", "rel", "relative threshold"),
        ("abs", "abs", "absolute threshold"),
    ]);

    /// <summary>The dataset names of <see cref="DatasetCatalog.Default"/>.</summary>
    public static readonly NameRegistry<DatasetEntry> Datasets = new("dataset",
        DatasetCatalog.Default.Entries.Select(e => (e.Name, e, e.DisplayName)));

    /// <summary>The model presets of <see cref="ModelPresets"/>.</summary>
    public static readonly NameRegistry<ModelPreset> Presets = new("model preset",
        ModelPresets.List.Select(p => (p.Name, p, p.Description)));
}
