// BatchNormBase: what BatchNorm1d and BatchNorm2d share (PyTorch's nn.modules.batchnorm._BatchNorm): the
// affine parameters, the running-statistics buffers with PyTorch's state-dict names, and the momentum rule.
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>
/// Batch normalisation over the channel dimension (PyTorch's <c>_BatchNorm</c>): y = γ·(x − μ)/√(σ² + eps) + β.
/// Parameters <c>weight</c> (γ, ones) and <c>bias</c> (β, zeros) when affine; buffers <c>running_mean</c> (zeros),
/// <c>running_var</c> (ones) and <c>num_batches_tracked</c> (0) when tracking running statistics.
/// </summary>
public abstract class BatchNormBase : Module
{
    /// <summary>Creates the layer (PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics).</summary>
    protected BatchNormBase(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
    {
        if (numFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(numFeatures), numFeatures, $"{TypeName} needs at least one feature (channel).");
        if (!(eps > 0) || double.IsInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{TypeName} eps must be positive and finite.");
        if (momentum is { } m && !(m >= 0 && m <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"{TypeName} momentum must be in [0, 1] (or null for a cumulative average).");
        (NumFeatures, Eps, Momentum) = (numFeatures, eps, momentum);
        Weight = RegisterParameter("weight", affine ? new Parameter(Tensor.Ones(numFeatures)) : null);
        Bias = RegisterParameter("bias", affine ? new Parameter(numFeatures) : null);
        RunningMean = RegisterBuffer("running_mean", trackRunningStats ? Tensor.Zeros(numFeatures) : null);
        RunningVar = RegisterBuffer("running_var", trackRunningStats ? Tensor.Ones(numFeatures) : null);
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", trackRunningStats ? Tensor.Scalar(0f) : null);
    }

    public int NumFeatures { get; }
    public double Eps { get; }

    /// <summary>Weight of the new batch statistic in the running average; null means a cumulative average (1/num_batches_tracked).</summary>
    public double? Momentum { get; }

    /// <summary>γ, shape (C), or null when not affine.</summary>
    public Parameter? Weight { get; }

    /// <summary>β, shape (C), or null when not affine.</summary>
    public Parameter? Bias { get; }

    /// <summary>Running mean (C), or null when running statistics are not tracked.</summary>
    public Tensor? RunningMean { get; }

    /// <summary>Running unbiased variance (C), or null when running statistics are not tracked.</summary>
    public Tensor? RunningVar { get; }

    /// <summary>Training batches seen (a rank-0 tensor, PyTorch's <c>num_batches_tracked</c>), or null.</summary>
    public Tensor? NumBatchesTracked { get; }

    /// <summary>Throws unless <paramref name="input"/> has a rank this layer accepts (quoting PyTorch's message).</summary>
    protected abstract void CheckInputRank(Tensor input);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInputRank(input);
        if (input.Size(1) != NumFeatures)
            throw new ArgumentException($"{TypeName}({NumFeatures}) got input {input.ShapeString} with {input.Size(1)} channels in dimension 1.", nameof(input));
        double momentum = Momentum ?? 0.0;
        if (IsTraining && NumBatchesTracked is not null)
        {
            NumBatchesTracked.Data[0] += 1f;
            if (Momentum is null) momentum = 1.0 / NumBatchesTracked.Data[0];
        }
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, IsTraining, momentum, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture,
        $"{NumFeatures}, eps={Eps.ToString("G", CultureInfo.InvariantCulture).Replace('E', 'e')}, momentum={(Momentum is { } m ? m.ToString("G", CultureInfo.InvariantCulture) : "None")}, affine={(Weight is null ? "False" : "True")}, track_running_stats={(RunningMean is null ? "False" : "True")}");
}
