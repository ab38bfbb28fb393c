<?php

namespace App\Notifiers;

use App\Contracts\Notifier;

class EmailNotifier implements Notifier
{
    public function send(string $to, string $message): bool
    {
        echo $this->format($to, $message), "\n";
        return true;
    }

    private function format(string $to, string $message): string
    {
        return "To: $to\n\n$message";
    }
}
