// The typed options every trainer estimator takes, and the same records the YAML definitions bind (issue 5).
// Defaults follow PyTorch (optimizer hyperparameters) and the classic notebooks (epochs, batch size).
namespace Experiments.ML.Training;

/// <summary>Optimizers (YAML: sgd, momentum, nesterov, rmsprop, adam, adamw, nadam, adagrad).</summary>
public enum OptimizerKind
{
    /// <summary>Plain SGD.</summary>
    Sgd,
    /// <summary>SGD with momentum (<see cref="OptimizerOptions.Momentum"/>, default 0.9).</summary>
    Momentum,
    /// <summary>SGD with Nesterov momentum.</summary>
    Nesterov,
    /// <summary>RMSprop.</summary>
    RMSprop,
    /// <summary>Adam.</summary>
    Adam,
    /// <summary>AdamW (decoupled weight decay).</summary>
    AdamW,
    /// <summary>NAdam (momentum decay 0.004).</summary>
    NAdam,
    /// <summary>Adagrad.</summary>
    Adagrad,
}

/// <summary>The optimizer and its hyperparameters. Fields an optimizer does not use must stay at their defaults.</summary>
public sealed record OptimizerOptions
{
    /// <summary>Which optimizer.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

    /// <summary>Learning rate (lr).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>L2 weight decay (decoupled for AdamW).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Momentum for momentum/nesterov (default 0.9 there) and RMSprop (default 0).</summary>
    public double? Momentum { get; init; }

    /// <summary>Adam-family β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam-family β2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>ε (PyTorch: 1e-8 for Adam/RMSprop/NAdam, 1e-10 for Adagrad when null).</summary>
    public double? Epsilon { get; init; }

    /// <summary>RMSprop smoothing constant α.</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>Centered RMSprop.</summary>
    public bool Centered { get; init; }
}

/// <summary>Learning-rate schedules (YAML: none, step, multistep, exponential, cosine, onecycle, plateau).</summary>
public enum SchedulerKind
{
    /// <summary>Constant learning rate.</summary>
    None,
    /// <summary>StepLR(step_size, gamma), stepped per epoch.</summary>
    Step,
    /// <summary>MultiStepLR(milestones, gamma), per epoch.</summary>
    MultiStep,
    /// <summary>ExponentialLR(gamma), per epoch.</summary>
    Exponential,
    /// <summary>CosineAnnealingLR(T_max = epochs unless given, eta_min), per epoch.</summary>
    Cosine,
    /// <summary>OneCycleLR(max_lr, total steps = epochs × batches), per batch.</summary>
    OneCycle,
    /// <summary>ReduceLROnPlateau on the early-stopping monitor (or val_loss), per epoch.</summary>
    Plateau,
}

/// <summary>The LR schedule and its parameters (PyTorch names and defaults).</summary>
public sealed record SchedulerOptions
{
    /// <summary>Which schedule.</summary>
    public SchedulerKind Kind { get; init; } = SchedulerKind.None;

    /// <summary>StepLR step size in epochs.</summary>
    public int StepSize { get; init; } = 10;

    /// <summary>Decay factor for step, multistep, exponential.</summary>
    public double Gamma { get; init; } = 0.1;

    /// <summary>MultiStepLR milestones (epochs).</summary>
    public IReadOnlyList<int> Milestones { get; init; } = [];

    /// <summary>CosineAnnealingLR T_max (null = the run's epochs).</summary>
    public int? TMax { get; init; }

    /// <summary>Minimum LR for cosine (eta_min) and plateau (min_lr).</summary>
    public double MinLearningRate { get; init; }

    /// <summary>OneCycleLR max_lr (null = the optimizer's learning rate).</summary>
    public double? MaxLearningRate { get; init; }

    /// <summary>OneCycleLR pct_start.</summary>
    public double PctStart { get; init; } = 0.3;

    /// <summary>Plateau: metric to watch (val_loss, val_accuracy, train_loss, train_accuracy).</summary>
    public string Monitor { get; init; } = "val_loss";

    /// <summary>Plateau mode: min or max.</summary>
    public string Mode { get; init; } = "min";

    /// <summary>Plateau factor.</summary>
    public double Factor { get; init; } = 0.1;

    /// <summary>Plateau patience (epochs).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Plateau threshold.</summary>
    public double Threshold { get; init; } = 1e-4;

    /// <summary>Plateau threshold mode: rel or abs.</summary>
    public string ThresholdMode { get; init; } = "rel";

    /// <summary>Plateau cooldown (epochs).</summary>
    public int Cooldown { get; init; }

    /// <inheritdoc/>
    public bool Equals(SchedulerOptions? other) =>
        other is not null && Kind == other.Kind && StepSize == other.StepSize && Gamma.Equals(other.Gamma)
        && Milestones.SequenceEqual(other.Milestones) && TMax == other.TMax && MinLearningRate.Equals(other.MinLearningRate)
        && MaxLearningRate == other.MaxLearningRate && PctStart.Equals(other.PctStart) && Monitor == other.Monitor
        && Mode == other.Mode && Factor.Equals(other.Factor) && Patience == other.Patience
        && Threshold.Equals(other.Threshold) && ThresholdMode == other.ThresholdMode && Cooldown == other.Cooldown;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, StepSize, Gamma, TMax, Monitor, Patience);
}

/// <summary>Losses (YAML: cross_entropy, nll, mse).</summary>
public enum LossKind
{
    /// <summary>Cross-entropy from logits (optional label smoothing).</summary>
    CrossEntropy,
    /// <summary>NLL over log-softmax of the logits.</summary>
    Nll,
    /// <summary>MSE between softmax probabilities and one-hot targets.</summary>
    Mse,
}

/// <summary>Weight initialisation (YAML: default, normal, uniform, xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal).</summary>
public enum InitKind
{
    /// <summary>PyTorch's per-layer defaults (kaiming_uniform a = √5, bias ±1/√fan_in).</summary>
    Default,
    /// <summary>"random": N(0, std²) weights, zero biases.</summary>
    Normal,
    /// <summary>U(−range, range) weights, zero biases.</summary>
    Uniform,
    /// <summary>Xavier/Glorot uniform, zero biases.</summary>
    XavierUniform,
    /// <summary>Xavier/Glorot normal, zero biases.</summary>
    XavierNormal,
    /// <summary>He/Kaiming uniform (ReLU gain), zero biases.</summary>
    KaimingUniform,
    /// <summary>He/Kaiming normal (ReLU gain), zero biases.</summary>
    KaimingNormal,
}

/// <summary>Weight initialisation of Linear and Conv layers (BatchNorm is always ones/zeros).</summary>
public sealed record InitOptions
{
    /// <summary>Which scheme.</summary>
    public InitKind Kind { get; init; } = InitKind.Default;

    /// <summary>Standard deviation for <see cref="InitKind.Normal"/>.</summary>
    public double Std { get; init; } = 0.01;

    /// <summary>Half-width for <see cref="InitKind.Uniform"/>.</summary>
    public double Range { get; init; } = 0.05;
}

/// <summary>Early stopping: stop when the monitor has not improved by min_delta for patience epochs; the best weights are always restored at the end.</summary>
public sealed record EarlyStoppingOptions
{
    /// <summary>val_loss, val_accuracy, train_loss or train_accuracy.</summary>
    public string Monitor { get; init; } = "val_loss";

    /// <summary>min or max (null: max for accuracies, min for losses).</summary>
    public string? Mode { get; init; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; init; }
}

/// <summary>Everything a trainer estimator needs besides the architecture and the data.</summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs (upper bound when early stopping is on).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Optimizer and hyperparameters.</summary>
    public OptimizerOptions Optimizer { get; init; } = new();

    /// <summary>LR schedule.</summary>
    public SchedulerOptions Scheduler { get; init; } = new();

    /// <summary>Loss.</summary>
    public LossKind Loss { get; init; } = LossKind.CrossEntropy;

    /// <summary>Label smoothing for cross-entropy (0 = none).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Weight initialisation.</summary>
    public InitOptions Init { get; init; } = new();

    /// <summary>The root seed; every component draws from its own named stream of it.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Fraction of the training set carved out (stratified) for validation when no validation view is given; 0 = none.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Early stopping, or null for none.</summary>
    public EarlyStoppingOptions? EarlyStopping { get; init; }

    /// <summary>Clip gradients to this global L2 norm (null = no clipping).</summary>
    public double? ClipGradNorm { get; init; }

    /// <summary>Clip every gradient element to ±value (null = no clipping).</summary>
    public double? ClipGradValue { get; init; }

    /// <summary>Compute threads (null = all cores).</summary>
    public int? Threads { get; init; }

    /// <summary>Folder for best/last checkpoints (null = no checkpoints).</summary>
    public string? CheckpointDirectory { get; init; }
}
