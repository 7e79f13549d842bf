using TorchSharp;
Console.WriteLine(torch.ones(2).sum().item<float>());
