<?php

namespace App;

class Jobs
{
    public function backup(string $target): string
    {
        return "backup of $target";
    }

    public function cleanup(string $target): string
    {
        return "cleanup of $target";
    }

    public static function report(string $target): string
    {
        return "report on $target";
    }

    public function runDirect(string $target): string
    {
        return $this->backup($target);
    }
}
