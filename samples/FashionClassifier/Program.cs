// FashionClassifier: loads a model.zip and classifies the images of an IDX file, printing the accuracy when labels
// are given. Run: dotnet run --project samples/FashionClassifier -- <model.zip> <images.idx[.gz]> [<labels.idx[.gz]>] [--index N]
return FashionClassifier.ClassifierApp.Run(args, Console.Out, Console.Error);
