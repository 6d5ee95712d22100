// LocalHttpServer: a tiny HTTP/1.1 server on 127.0.0.1 (TcpListener, port 0) for download tests. Each request
// gets a scripted reply: a body (optionally cut short of its Content-Length), a status code, or a stall.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Experiments.ML.Tests.Catalog;

/// <summary>What the server sends for one request.</summary>
internal sealed record Reply(
    int Status = 200,
    byte[]? Body = null,
    string ContentType = "application/octet-stream",
    int? SendBytes = null,
    TimeSpan? StallBeforeHeaders = null,
    TimeSpan? StallAfterFirstBytes = null)
{
    public static Reply Ok(byte[] body, string contentType = "application/octet-stream") => new(Body: body, ContentType: contentType);
    public static Reply NotFound() => new(Status: 404, Body: Encoding.ASCII.GetBytes("not found"), ContentType: "text/plain");
}

internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, int, Reply> _reply;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, int> _counts = new();

    /// <param name="reply">Reply for (path, how many times this path was requested before).</param>
    public LocalHttpServer(Func<string, int, Reply> reply)
    {
        _reply = reply;
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public Uri Mirror(string prefix) => new(BaseUri, prefix + "/");

    public ConcurrentQueue<string> Requests { get; } = new();

    public int CountOf(string path) => _counts.GetValueOrDefault(path);

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                string path = await ReadRequestPath(stream);
                int seen = _counts.AddOrUpdate(path, 1, (_, n) => n + 1) - 1;
                Requests.Enqueue(path);
                var reply = _reply(path, seen);
                if (reply.StallBeforeHeaders is TimeSpan before)
                    await Task.Delay(before, _stop.Token);
                byte[] body = reply.Body ?? [];
                string head = $"HTTP/1.1 {reply.Status} {(reply.Status == 200 ? "OK" : reply.Status == 404 ? "Not Found" : "Error")}\r\n" +
                              $"Content-Type: {reply.ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                int send = Math.Min(reply.SendBytes ?? body.Length, body.Length);
                if (reply.StallAfterFirstBytes is TimeSpan after)
                {
                    int first = Math.Min(send, 4);
                    await stream.WriteAsync(body.AsMemory(0, first), _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                    await Task.Delay(after, _stop.Token);
                    await stream.WriteAsync(body.AsMemory(first, send - first), _stop.Token);
                }
                else
                {
                    await stream.WriteAsync(body.AsMemory(0, send), _stop.Token);
                }
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client gave up (timeout test) or the server is stopping.
            }
        }
    }

    private static async Task<string> ReadRequestPath(NetworkStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[1024];
        while (!text.ToString().Contains("\r\n\r\n"))
        {
            int n = await stream.ReadAsync(buffer);
            if (n == 0)
                break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        // "GET /path HTTP/1.1"
        string[] requestLine = text.ToString().Split("\r\n")[0].Split(' ');
        return requestLine.Length >= 2 ? requestLine[1] : "";
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
