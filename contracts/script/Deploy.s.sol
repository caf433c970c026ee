// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Script} from "forge-std/Script.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {HomeostatToken} from "../src/HomeostatToken.sol";
import {HomeostatGovernor} from "../src/HomeostatGovernor.sol";
import {PolicyController} from "../src/PolicyController.sol";
import {Staking} from "../src/Staking.sol";
import {Treasury} from "../src/Treasury.sol";
import {SignalOracle} from "../src/SignalOracle.sol";
import {VerificationLog} from "../src/VerificationLog.sol";
import {TestStable} from "../src/TestStable.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {IPolicyController} from "../src/interfaces/IPolicyController.sol";
import {IHomeostatToken} from "../src/interfaces/IHomeostatToken.sol";
import {IHomeostatGovernor} from "../src/interfaces/IHomeostatGovernor.sol";
import {IUniswapV2FactoryMinimal, IUniswapV2Router02Minimal} from "../src/interfaces/IUniswapV2Minimal.sol";

/// @title Deploy
/// @notice The one deployment of the whole Homeostat set. `run()` broadcasts it (`npm start`, real chains) and writes
/// `deployments/<chainId>.json`; the tests call `deploy(config)` in their setUp.
contract Deploy is Script {
    /// @dev The router's hard-coded pair init-code hash; checked against the pair bytecode from @uniswap/v2-core.
    bytes32 internal constant UNISWAP_PAIR_INIT_CODE_HASH =
        0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f;
    string internal constant ANVIL_MNEMONIC = "test test test test test test test test test test test junk";
    uint256 internal constant LOCAL_CHAIN_ID = 31_337;
    uint256 internal constant HOME = 1e18;

    /// @dev Local-chain token distribution (HOME, 18 decimals).
    uint256 internal constant INITIAL_SUPPLY = 1_000_000_000 * HOME;
    uint256 internal constant STAKING_EMISSIONS = 100_000_000 * HOME;
    uint256 internal constant POOL_HOME = 100_000_000 * HOME;
    uint256 internal constant DEPLOYER_FLOAT = 50_000_000 * HOME;
    uint256 internal constant WHALE_BALANCE = 60_000_000 * HOME;
    uint256 internal constant HOLDER_BALANCE = 20_000_000 * HOME;
    uint256 internal constant FIRST_HOLDER = 4;
    uint256 internal constant LAST_HOLDER = 19;

    error Deploy_InitCodeHashMismatch(bytes32 actual, bytes32 expected);
    error Deploy_CreateFailed(string artifact);

    struct Config {
        address agent;
        address guardian;
        address reporter;
        /// @dev Zero: deploy TestStable (Test USD, 6 decimals).
        address stable;
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 timelockDelay;
        uint256 supplyWindow;
        uint256 supplyBudgetBps;
        uint16 quorumBps;
        uint16 vetoBps;
        uint256 treasuryEpoch;
        uint256 oracleMaxAge;
        /// @dev Seed the pool, fund holders 4..19 and the treasury's stable (local chain and tests).
        bool seedLocal;
    }

    struct Deployment {
        HomeostatToken token;
        HomeostatGovernor governor;
        TimelockController timelock;
        PolicyController controller;
        Staking staking;
        Treasury treasury;
        SignalOracle oracle;
        VerificationLog verificationLog;
        address stable;
        address factory;
        address router;
        address pair;
        address weth;
        uint256 startBlock;
    }

    /// @notice Broadcasts the full deployment and writes deployments/<chainId>.json.
    function run() external returns (Deployment memory d) {
        Config memory cfg = configFromEnv();
        uint256 startBlock = block.number + 1;
        vm.startBroadcast();
        (, address deployer,) = vm.readCallers();
        d = _deploy(cfg, deployer);
        // Anvil funds only accounts 0..9 by default; give the other local holders gas money.
        if (block.chainid == LOCAL_CHAIN_ID && cfg.seedLocal) {
            for (uint256 i = FIRST_HOLDER; i <= LAST_HOLDER; ++i) {
                address holder = anvilAccount(i);
                if (holder.balance < 10 ether) {
                    (bool ok,) = holder.call{value: 100 ether}("");
                    if (!ok) revert Deploy_CreateFailed("gas funding");
                }
            }
        }
        vm.stopBroadcast();
        d.startBlock = startBlock;

        // Local holders delegate to themselves so they can vote from the first proposal on. The script signs for
        // them with anvil's well-known mnemonic; nowhere else.
        if (block.chainid == LOCAL_CHAIN_ID && cfg.seedLocal && vm.envOr("DELEGATE_HOLDERS", true)) {
            for (uint256 i = FIRST_HOLDER; i <= LAST_HOLDER; ++i) {
                uint256 pk = vm.deriveKey(ANVIL_MNEMONIC, uint32(i));
                vm.startBroadcast(pk);
                d.token.delegate(vm.addr(pk));
                vm.stopBroadcast();
            }
        }
        _writeDeployment(d);
    }

    /// @notice Deploys everything with msg.sender-independent wiring; used by the tests (deployer = this contract).
    function deploy(Config memory cfg) external returns (Deployment memory) {
        return _deploy(cfg, address(this));
    }

    /// @notice Configuration from the environment, with defaults for the local accelerated chain.
    function configFromEnv() public view returns (Config memory cfg) {
        cfg = defaultConfig();
        cfg.agent = vm.envOr("AGENT", cfg.agent);
        cfg.guardian = vm.envOr("GUARDIAN", cfg.guardian);
        cfg.reporter = vm.envOr("REPORTER", cfg.reporter);
        cfg.stable = vm.envOr("STABLE_TOKEN", address(0));
        cfg.votingDelay = uint48(vm.envOr("VOTING_DELAY", uint256(cfg.votingDelay)));
        cfg.votingPeriod = uint32(vm.envOr("VOTING_PERIOD", uint256(cfg.votingPeriod)));
        cfg.timelockDelay = vm.envOr("TIMELOCK_DELAY", cfg.timelockDelay);
        cfg.supplyWindow = vm.envOr("SUPPLY_WINDOW", cfg.supplyWindow);
        cfg.supplyBudgetBps = vm.envOr("SUPPLY_BUDGET_BPS", cfg.supplyBudgetBps);
        cfg.quorumBps = uint16(vm.envOr("QUORUM_BPS", uint256(cfg.quorumBps)));
        cfg.vetoBps = uint16(vm.envOr("VETO_BPS", uint256(cfg.vetoBps)));
        cfg.treasuryEpoch = vm.envOr("TREASURY_EPOCH", cfg.treasuryEpoch);
        cfg.oracleMaxAge = vm.envOr("ORACLE_MAX_AGE", cfg.oracleMaxAge);
        cfg.seedLocal = vm.envOr("SEED_LOCAL", block.chainid == LOCAL_CHAIN_ID);
    }

    /// @notice Local defaults: anvil accounts 1 (agent), 2 (guardian), 3 (reporter); short simulated lengths.
    function defaultConfig() public pure returns (Config memory cfg) {
        cfg.agent = 0x70997970C51812dc3A010C7d01b50e0d17dc79C8;
        cfg.guardian = 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC;
        cfg.reporter = 0x90F79bf6EB2c4f870365E785982E1f101E93b906;
        cfg.votingDelay = 1 hours;
        cfg.votingPeriod = 3 days;
        cfg.timelockDelay = 1 days;
        cfg.supplyWindow = 24 hours;
        cfg.supplyBudgetBps = 200;
        cfg.quorumBps = 2000;
        cfg.vetoBps = 1000;
        cfg.treasuryEpoch = 1 days;
        cfg.oracleMaxAge = 2 hours;
        cfg.seedLocal = true;
    }

    /// @notice Default guardrails and initial values, index = parameter id (see PolicyParams). `stableUnit` is one
    /// whole stable token in its smallest units (buyback budget unit).
    function defaultGuardrails(uint256 stableUnit)
        public
        pure
        returns (IPolicyController.Guardrail[] memory g, uint256[] memory initial)
    {
        g = new IPolicyController.Guardrail[](PolicyParams.COUNT);
        initial = new uint256[](PolicyParams.COUNT);
        // Total supply within [500M, 2B]; at most 10M per change (1 %), up to 2.5M optimistic; 6 h apart.
        g[PolicyParams.SUPPLY] = IPolicyController.Guardrail({
            min: uint128(500_000_000 * HOME),
            max: uint128(2_000_000_000 * HOME),
            maxStep: uint128(10_000_000 * HOME),
            smallStep: uint128(2_500_000 * HOME),
            minDelay: 6 hours
        });
        // Burn share of the fee, bps: 0..100 %, 10 points per change, 2.5 optimistic.
        g[PolicyParams.BURN_SHARE] = IPolicyController.Guardrail({
            min: 0, max: 10_000, maxStep: 1_000, smallStep: 250, minDelay: 12 hours
        });
        initial[PolicyParams.BURN_SHARE] = 5_000;
        // Transfer fee, bps: 0..3 %, 0.25 % per change, 0.05 % optimistic.
        g[PolicyParams.TRANSFER_FEE] =
            IPolicyController.Guardrail({min: 0, max: 300, maxStep: 25, smallStep: 5, minDelay: 12 hours});
        initial[PolicyParams.TRANSFER_FEE] = 30;
        // Reward rate, wei/s: 0..5 HOME/s, 0.5 per change, 0.1 optimistic.
        g[PolicyParams.REWARD_RATE] = IPolicyController.Guardrail({
            min: 0,
            max: uint128(5 * HOME),
            maxStep: uint128(HOME / 2),
            smallStep: uint128(HOME / 10),
            minDelay: 12 hours
        });
        initial[PolicyParams.REWARD_RATE] = HOME / 2;
        // Buyback budget, stable per epoch: 0..100k, 10k per change, 2.5k optimistic.
        g[PolicyParams.BUYBACK_BUDGET] = IPolicyController.Guardrail({
            min: 0,
            max: uint128(100_000 * stableUnit),
            maxStep: uint128(10_000 * stableUnit),
            smallStep: uint128(2_500 * stableUnit),
            minDelay: 12 hours
        });
        initial[PolicyParams.BUYBACK_BUDGET] = 10_000 * stableUnit;
        // Objective: 0 stability, 1 growth, 2 scarcity; any switch is a full vote (smallStep 0).
        g[PolicyParams.OBJECTIVE_MODE] =
            IPolicyController.Guardrail({min: 0, max: 2, maxStep: 2, smallStep: 0, minDelay: 1 days});
        initial[PolicyParams.OBJECTIVE_MODE] = 0;
        // Protocol-owned liquidity (issue 13): stable moved into or out of the pool per epoch, 0..1M, 100k per change,
        // 25k optimistic; starts at 0, so nothing moves until holders approve a budget.
        g[PolicyParams.POL_BUDGET] = IPolicyController.Guardrail({
            min: 0,
            max: uint128(1_000_000 * stableUnit),
            maxStep: uint128(100_000 * stableUnit),
            smallStep: uint128(25_000 * stableUnit),
            minDelay: 12 hours
        });
        // Treasury's largest share of the pool's LP tokens after an add, bps. The local deploy seeds the pool with
        // treasury-owned LP (about all of it), so the default (100 %) binds nothing until governance lowers it.
        g[PolicyParams.POL_MAX_SHARE] = IPolicyController.Guardrail({
            min: 0, max: 10_000, maxStep: 1_000, smallStep: 250, minDelay: 1 days
        });
        initial[PolicyParams.POL_MAX_SHARE] = 10_000;
        // Range bands, stable units per whole HOME: 0..10 stable, 0.02 per change, 0.005 optimistic. Defaults
        // 0.08 / 0.125 around the local seed price 0.10.
        IPolicyController.Guardrail memory band = IPolicyController.Guardrail({
            min: 0,
            max: uint128(10 * stableUnit),
            maxStep: uint128(stableUnit / 50),
            smallStep: uint128(stableUnit / 200),
            minDelay: 12 hours
        });
        g[PolicyParams.RANGE_LOWER_BAND] = band;
        g[PolicyParams.RANGE_UPPER_BAND] = band;
        initial[PolicyParams.RANGE_LOWER_BAND] = stableUnit * 8 / 100;
        initial[PolicyParams.RANGE_UPPER_BAND] = stableUnit * 125 / 1000;
        // Range budgets per epoch: buys 0..100k stable (10k per change, 2.5k optimistic), sells 0..10M HOME
        // (1M per change, 250k optimistic); both start at 0 (range operations off until approved).
        g[PolicyParams.RANGE_BUY_BUDGET] = IPolicyController.Guardrail({
            min: 0,
            max: uint128(100_000 * stableUnit),
            maxStep: uint128(10_000 * stableUnit),
            smallStep: uint128(2_500 * stableUnit),
            minDelay: 12 hours
        });
        g[PolicyParams.RANGE_SELL_BUDGET] = IPolicyController.Guardrail({
            min: 0,
            max: uint128(10_000_000 * HOME),
            maxStep: uint128(1_000_000 * HOME),
            smallStep: uint128(250_000 * HOME),
            minDelay: 12 hours
        });
    }

    /// @notice Anvil account `index` of the default mnemonic.
    function anvilAccount(uint256 index) public pure returns (address) {
        return vm.addr(vm.deriveKey(ANVIL_MNEMONIC, uint32(index)));
    }

    function _deploy(Config memory cfg, address deployer) internal returns (Deployment memory d) {
        d.startBlock = block.number;

        // Market: real Uniswap V2 bytecode from npm.
        d.weth = _create("node_modules/@uniswap/v2-periphery/build/WETH9.json", "");
        d.factory = _create("node_modules/@uniswap/v2-core/build/UniswapV2Factory.json", abi.encode(deployer));
        d.router = _create(
            "node_modules/@uniswap/v2-periphery/build/UniswapV2Router02.json", abi.encode(d.factory, d.weth)
        );
        _checkPairInitCode();

        d.stable = cfg.stable == address(0) ? address(new TestStable()) : cfg.stable;
        uint256 stableUnit = 10 ** IERC20Metadata(d.stable).decimals();

        d.token = new HomeostatToken("Homeostat", "HOME", deployer, INITIAL_SUPPLY);
        d.timelock = new TimelockController(cfg.timelockDelay, new address[](0), new address[](0), deployer);
        (IPolicyController.Guardrail[] memory g, uint256[] memory initial) = defaultGuardrails(stableUnit);
        d.controller = new PolicyController(
            address(d.token),
            address(d.timelock),
            cfg.guardian,
            cfg.supplyWindow,
            cfg.supplyBudgetBps,
            g,
            initial
        );
        d.staking = new Staking(address(d.token), address(d.controller));
        d.treasury = new Treasury(
            address(d.token),
            d.stable,
            d.router,
            address(d.controller),
            cfg.agent,
            address(d.timelock),
            cfg.treasuryEpoch
        );
        d.oracle = new SignalOracle(cfg.reporter, address(d.timelock), cfg.oracleMaxAge);
        d.governor = new HomeostatGovernor(
            IHomeostatToken(address(d.token)),
            d.timelock,
            address(d.controller),
            cfg.agent,
            cfg.guardian,
            cfg.votingDelay,
            cfg.votingPeriod,
            cfg.quorumBps,
            cfg.vetoBps
        );

        // Timelock: the governor alone proposes, cancels and executes; the deployer gives up its admin role.
        d.timelock.grantRole(d.timelock.PROPOSER_ROLE(), address(d.governor));
        d.timelock.grantRole(d.timelock.CANCELLER_ROLE(), address(d.governor));
        d.timelock.grantRole(d.timelock.EXECUTOR_ROLE(), address(d.governor));
        d.timelock.renounceRole(d.timelock.DEFAULT_ADMIN_ROLE(), deployer);

        d.controller.connect(address(d.staking), address(d.treasury));
        d.pair = IUniswapV2FactoryMinimal(d.factory).createPair(address(d.token), d.stable);
        // The factory's protocol-fee switch belongs to governance, not to the deployer's key (review hardening).
        IUniswapV2FactoryMinimal(d.factory).setFeeToSetter(address(d.timelock));

        // Distribution happens before `bind`, while the transfer fee is still zero.
        IERC20(address(d.token)).transfer(address(d.staking), STAKING_EMISSIONS);
        uint256 toTreasury = INITIAL_SUPPLY - STAKING_EMISSIONS - DEPLOYER_FLOAT;
        if (cfg.seedLocal && cfg.stable == address(0)) {
            toTreasury -= POOL_HOME + _seedLocal(d, stableUnit, deployer);
            // The first price observation: buybacks bound their output by the pool's average price from here on.
            d.treasury.observePrice();
        }
        IERC20(address(d.token)).transfer(address(d.treasury), toTreasury);

        // Not the router: Router02's removeLiquidityETHSupportingFeeOnTransferTokens sends its whole HOME balance to
        // `to`, so an exempt router would let anyone park HOME on it and sweep it out fee-free. Treasury buybacks
        // (treasury <-> pair) and the controller's mints/burns need no router exemption.
        address[] memory exempt = new address[](3);
        exempt[0] = address(d.staking);
        exempt[1] = address(d.treasury);
        exempt[2] = address(d.controller);
        d.token.bind(address(d.controller), address(d.treasury), exempt);

        // The agent records its Verify verdicts; governance (or the guardian, at once) may rotate that key. Deployed
        // last so the addresses of everything above stay what they were before it existed.
        d.verificationLog = new VerificationLog(cfg.agent, address(d.timelock), cfg.guardian);

        // What holders' own proposals may call (full lane only): everything the timelock owns, including each role.
        d.governor.initHolderCalls(holderCalls(d));
    }

    /// @notice The holders' allow-list (review finding M-3): parameter and supply changes, pause and unpause, the
    /// treasury's assets and operator, fee exemptions, and every role: agent, guardians, reporter, recorder, and the
    /// timelock's own roles and delay. Governance may add or remove pairs later (setHolderCall).
    function holderCalls(Deployment memory d)
        public
        pure
        returns (IHomeostatGovernor.HolderCall[] memory calls)
    {
        calls = new IHomeostatGovernor.HolderCall[](18);
        address c = address(d.controller);
        calls[0] = IHomeostatGovernor.HolderCall(c, IPolicyController.setParameter.selector);
        calls[1] = IHomeostatGovernor.HolderCall(c, IPolicyController.changeSupply.selector);
        calls[2] = IHomeostatGovernor.HolderCall(c, IPolicyController.pause.selector);
        calls[3] = IHomeostatGovernor.HolderCall(c, IPolicyController.unpause.selector);
        calls[4] = IHomeostatGovernor.HolderCall(c, IPolicyController.setGuardian.selector);
        calls[5] = IHomeostatGovernor.HolderCall(c, IPolicyController.setFeeExempt.selector);
        calls[6] = IHomeostatGovernor.HolderCall(address(d.treasury), Treasury.withdraw.selector);
        calls[7] = IHomeostatGovernor.HolderCall(address(d.treasury), Treasury.setOperator.selector);
        calls[8] = IHomeostatGovernor.HolderCall(address(d.oracle), SignalOracle.setReporter.selector);
        calls[9] =
            IHomeostatGovernor.HolderCall(address(d.verificationLog), VerificationLog.setRecorder.selector);
        calls[10] = IHomeostatGovernor.HolderCall(
            address(d.verificationLog), VerificationLog.revokeRecorder.selector
        );
        address t = address(d.timelock);
        calls[11] = IHomeostatGovernor.HolderCall(t, d.timelock.grantRole.selector);
        calls[12] = IHomeostatGovernor.HolderCall(t, d.timelock.revokeRole.selector);
        calls[13] = IHomeostatGovernor.HolderCall(t, d.timelock.updateDelay.selector);
        address g = address(d.governor);
        calls[14] = IHomeostatGovernor.HolderCall(g, IHomeostatGovernor.setProposer.selector);
        calls[15] = IHomeostatGovernor.HolderCall(g, IHomeostatGovernor.setGuardian.selector);
        calls[16] = IHomeostatGovernor.HolderCall(g, IHomeostatGovernor.setRejectionCooldown.selector);
        calls[17] = IHomeostatGovernor.HolderCall(g, IHomeostatGovernor.setHolderCall.selector);
    }

    /// @dev Pool liquidity (LP tokens to the treasury), holder balances and stable. Returns HOME given to holders.
    function _seedLocal(Deployment memory d, uint256 stableUnit, address deployer)
        internal
        returns (uint256 toHolders)
    {
        TestStable stable = TestStable(d.stable);
        uint256 poolStable = 10_000_000 * stableUnit; // 100M HOME : 10M TUSD, i.e. 0.10 TUSD per HOME
        stable.mint(deployer, poolStable);
        IERC20(address(d.token)).approve(d.router, POOL_HOME);
        stable.approve(d.router, poolStable);
        IUniswapV2Router02Minimal(d.router)
            .addLiquidity(
                address(d.token),
                d.stable,
                POOL_HOME,
                poolStable,
                0,
                0,
                address(d.treasury),
                block.timestamp + 1 hours
            );
        stable.mint(address(d.treasury), 1_000_000 * stableUnit);

        for (uint256 i = FIRST_HOLDER; i <= LAST_HOLDER; ++i) {
            address holder = anvilAccount(i);
            uint256 amount = i < FIRST_HOLDER + 2 ? WHALE_BALANCE : HOLDER_BALANCE;
            IERC20(address(d.token)).transfer(holder, amount);
            stable.mint(holder, 100_000 * stableUnit);
            toHolders += amount;
        }
    }

    function _create(string memory artifact, bytes memory args) internal returns (address addr) {
        string memory json = vm.readFile(artifact);
        bytes memory code = abi.encodePacked(vm.parseBytes(vm.parseJsonString(json, ".bytecode")), args);
        assembly ("memory-safe") {
            addr := create(0, add(code, 0x20), mload(code))
        }
        if (addr == address(0)) revert Deploy_CreateFailed(artifact);
    }

    function _checkPairInitCode() internal view {
        string memory json = vm.readFile("node_modules/@uniswap/v2-core/build/UniswapV2Pair.json");
        bytes32 actual = keccak256(vm.parseBytes(vm.parseJsonString(json, ".bytecode")));
        if (actual != UNISWAP_PAIR_INIT_CODE_HASH) {
            revert Deploy_InitCodeHashMismatch(actual, UNISWAP_PAIR_INIT_CODE_HASH);
        }
    }

    function _writeDeployment(Deployment memory d) internal {
        string memory c = "contracts";
        vm.serializeAddress(c, "HomeostatToken", address(d.token));
        vm.serializeAddress(c, "HomeostatGovernor", address(d.governor));
        vm.serializeAddress(c, "TimelockController", address(d.timelock));
        vm.serializeAddress(c, "PolicyController", address(d.controller));
        vm.serializeAddress(c, "Staking", address(d.staking));
        vm.serializeAddress(c, "Treasury", address(d.treasury));
        vm.serializeAddress(c, "SignalOracle", address(d.oracle));
        vm.serializeAddress(c, "VerificationLog", address(d.verificationLog));
        vm.serializeAddress(c, "StableToken", d.stable);
        vm.serializeAddress(c, "UniswapV2Factory", d.factory);
        vm.serializeAddress(c, "UniswapV2Router02", d.router);
        vm.serializeAddress(c, "UniswapV2Pair", d.pair);
        string memory contractsJson = vm.serializeAddress(c, "WETH9", d.weth);

        string memory root = "root";
        vm.serializeUint(root, "chainId", block.chainid);
        vm.serializeUint(root, "startBlock", d.startBlock);
        string memory out = vm.serializeString(root, "contracts", contractsJson);
        string memory file =
            vm.envOr("DEPLOYMENTS_FILE", string.concat("deployments/", vm.toString(block.chainid), ".json"));
        vm.createDir(_dirname(file), true);
        vm.writeJson(out, file);
    }

    /// @dev The folder part of `path` ("." when it has none).
    function _dirname(string memory path) internal pure returns (string memory) {
        bytes memory b = bytes(path);
        for (uint256 i = b.length; i > 0; --i) {
            if (b[i - 1] == "/") {
                bytes memory dir = new bytes(i - 1);
                for (uint256 j = 0; j < i - 1; ++j) {
                    dir[j] = b[j];
                }
                return string(dir);
            }
        }
        return ".";
    }
}
