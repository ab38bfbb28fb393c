using Logging;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            var log = new Logger("app");
            log.Write("starting");
            log.Write(42);
            log.Write("{0} + {1}", 1, 2);
        }
    }
}
