<?php

require_once 'src/Logging/Logger.php';
require_once 'src/Audit/Logger.php';

use App\Audit\Logger as AuditLog;
use App\Logging\Logger as Log;

function audit(AuditLog $audit, string $who): void
{
    $audit->record($who, 'login');
    Log::info("audited $who");
}

$audit = new AuditLog();
audit($audit, 'ada');
print_r($audit->entries());
Log::info(sprintf('%d entries', count($audit->entries())));
