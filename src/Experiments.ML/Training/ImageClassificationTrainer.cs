// ImageClassificationTrainer: the estimator (ML.NET's trainer): an architecture spec, typed options and an input
// schema, checked at construction; GetOutputSchema checks a data schema before any data moves; Fit trains and
// returns the transformer. The loop itself is TrainingRun.Run.
using Experiments.Engine;
using Experiments.ML.Data;
using Experiments.ML.Models;

namespace Experiments.ML.Training;

/// <summary>
/// Trains an image classifier (<see cref="MlpSpec"/>, <see cref="Conv1dSpec"/> or <see cref="Conv2dSpec"/>) on an
/// <see cref="ImageDataView"/> with an <c>Image</c> and a key <c>Label</c> column; <see cref="Fit"/> returns an
/// <see cref="ImageClassificationTransformer"/> that adds <c>Score</c> and <c>PredictedLabel</c>.
/// </summary>
public class ImageClassificationTrainer
{
    /// <summary>Creates the estimator; throws <see cref="ArgumentException"/> naming a bad option.</summary>
    public ImageClassificationTrainer(ArchitectureSpec spec, TrainerOptions options, InputSchema? inputSchema = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TrainingComponents.Validate(options);
        InputSchema = inputSchema ?? new InputSchema();
        InputPreprocessor.Constants(InputSchema);   // checks the schema, quoting a bad value
        Spec = spec;
        Options = options;
    }

    /// <summary>The architecture.</summary>
    public ArchitectureSpec Spec { get; }

    /// <summary>The training options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The input contract (shape, pixel scaling, normalization) the model is trained and scored with.</summary>
    public InputSchema InputSchema { get; }

    /// <summary>A trainer for a named preset (<see cref="ModelPresets"/>); the options are used as given.</summary>
    public static ImageClassificationTrainer FromPreset(string presetName, TrainerOptions options, InputSchema? inputSchema = null) =>
        new(ModelPresets.Get(presetName).Spec, options, inputSchema);

    /// <summary>
    /// The schema <see cref="ImageClassificationTransformer.Transform"/> will produce: the input columns plus
    /// <c>Score</c> (Vector&lt;float32, K&gt;) and <c>PredictedLabel</c> (the label's key type). Throws
    /// <see cref="DataException"/> when the image column does not match the input schema or the label is not a key,
    /// and <see cref="ArchitectureException"/> when the architecture does not fit the image shape.
    /// </summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var image = inputSchema[DefaultColumnNames.Image];
        if (image.Type is not ImageDataViewType imageType)
            throw new DataException($"Column '{DefaultColumnNames.Image}' must be an image column; found {image.Type}. Load the data with DatasetLoader or LabeledImageStore.");
        var shape = InputSchema.Shape;
        if (imageType.Channels != shape.Channels || imageType.Height != shape.Height || imageType.Width != shape.Width)
            throw new DataException($"Column '{DefaultColumnNames.Image}' is {imageType}, but the trainer's input schema expects [{shape.Channels},{shape.Height},{shape.Width}]. Pass an InputSchema with the data's shape, or data of the expected shape.");
        var label = inputSchema[DefaultColumnNames.Label];
        if (label.Type is not KeyDataViewType key)
            throw new DataException($"Column '{DefaultColumnNames.Label}' must be a key (class) column; found {label.Type}.");
        foreach (string name in new[] { DefaultColumnNames.Score, DefaultColumnNames.PredictedLabel })
            if (inputSchema.GetColumnOrNull(name) is { } existing)
                throw new DataException($"The input already has a column '{name}' ({existing.Type}); it would be overwritten. Score data that has not been scored yet.");
        ModelFactory.CountParameters(Spec, shape, key.Count); // throws ArchitectureException naming the key path
        return OutputSchema(inputSchema, key);
    }

    /// <summary>
    /// Trains on <paramref name="train"/>. Validation data is <paramref name="validation"/> when given; otherwise a
    /// stratified <see cref="TrainerOptions.ValidationFraction"/> of <paramref name="train"/> (stream "split" of the
    /// seed), or none when the fraction is 0. Cancelling <paramref name="ct"/> finishes the current batch, saves a
    /// checkpoint and returns the partial result (<see cref="StopReason.Cancelled"/>).
    /// </summary>
    public ImageClassificationTransformer Fit(ImageDataView train, ImageDataView? validation = null, FitOptions? fit = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        GetOutputSchema(train.Schema);
        if (validation is not null && !validation.Schema[DefaultColumnNames.Image].Type.Equals(train.ImageType))
            throw new DataException($"The validation images are {validation.ImageType} but the training images are {train.ImageType}; both must have the same shape.");
        if (validation is not null && !validation.LabelType.Equals(train.LabelType))
            throw new DataException($"The validation labels have classes [{string.Join(", ", validation.LabelType.ClassNames)}] but the training labels [{string.Join(", ", train.LabelType.ClassNames)}]; both must have the same classes in the same order.");
        if (validation is null && Options.ValidationFraction > 0)
            (train, validation) = train.SplitByFraction(Options.ValidationFraction, Options.Seed, SplitStrategy.Stratified);
        if (train.RowCount == 0) throw new DataException("The training view has no rows; pass a view with at least one image.");
        fit ??= new FitOptions();

        int previousThreads = Parallelism.MaxThreads;
        try
        {
            if (Options.Threads is { } threads) Parallelism.MaxThreads = threads;
            using var run = new TrainingRun(Spec, Options, InputSchema, train, validation, fit);
            TrainingHistory history = run.Run(ct);
            run.Network.Eval();
            return new ImageClassificationTransformer(run.Network, Spec, InputSchema, train.LabelType, history, Options);
        }
        finally
        {
            Parallelism.MaxThreads = previousThreads;
        }
    }

    internal static DataViewSchema OutputSchema(DataViewSchema input, KeyDataViewType labelType)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in input) builder.AddColumn(column.Name, column.Type);
        builder.AddColumn(DefaultColumnNames.Score, new VectorDataViewType(labelType.Count));
        builder.AddColumn(DefaultColumnNames.PredictedLabel, labelType);
        return builder.ToSchema();
    }
}
