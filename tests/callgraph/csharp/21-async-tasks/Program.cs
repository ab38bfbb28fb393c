using System;
using System.Threading.Tasks;
using Jobs;

namespace Demo
{
    public static class Program
    {
        public static async Task Main()
        {
            var downloader = new Downloader();
            var page = await downloader.FetchAsync(" HTTP://Example.org ");
            var all = await downloader.FetchAllAsync(new[] { "a", "b" });
            var length = await downloader.Run("abc");
            Console.WriteLine($"{page} {all.Count} {length}");
        }
    }
}
