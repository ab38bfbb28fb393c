using System;
using Services;

namespace Demo
{
    public static class Program
    {
        private static readonly string Banner = MakeBanner();

        public static void Main()
        {
            Console.WriteLine(Banner);
            Console.WriteLine(ServiceSettings.Shared.Describe());
        }

        private static string MakeBanner() => new string('=', Defaults.Timeout());
    }
}
