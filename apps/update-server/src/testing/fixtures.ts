/** A real update_engine request (the one libs/omaha tests with): an update check with a ping and the 3/2 boot report. */
export const FLATCAR_UPDATE_CHECK_REQUEST = `<?xml version="1.0" encoding="UTF-8"?>
<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10" installsource="scheduler" ismachine="1">
    <os version="Chateau" platform="CoreOS" sp="3510.2.0_x86_64"></os>
    <app appid="{e96281a6-d1af-4bde-9a0a-97b76e56dc57}" version="3510.2.0" track="stable" bootid="{7c4b8d6e-4b43-4a3a-9bf1-0e4a5d0c52a1}" oem="qemu" oemversion="0.0.1" alephversion="3510.2.0" machineid="b3a4e2d5c6f748e9a0b1c2d3e4f5a6b7" machinealias="" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false" >
        <ping active="1"></ping>
        <updatecheck></updatecheck>
        <event eventtype="3" eventresult="2" previousversion="0.0.0.0"></event>
    </app>
</request>
`;

/** A real update_engine error report: 3/0 with errorcode 268435466 (10, payloadHashMismatchError, with the 1<<28 test-server flag). */
export const FLATCAR_ERROR_EVENT_REQUEST = `<?xml version="1.0" encoding="UTF-8"?>
<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10" installsource="scheduler" ismachine="1">
    <os version="Chateau" platform="CoreOS" sp="3510.2.0_x86_64"></os>
    <app appid="{e96281a6-d1af-4bde-9a0a-97b76e56dc57}" version="3510.2.0" track="stable" bootid="{7c4b8d6e-4b43-4a3a-9bf1-0e4a5d0c52a1}" oem="qemu" oemversion="0.0.1" alephversion="3510.2.0" machineid="b3a4e2d5c6f748e9a0b1c2d3e4f5a6b7" machinealias="" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false" >
        <event eventtype="3" eventresult="0" errorcode="268435466"></event>
    </app>
</request>
`;
