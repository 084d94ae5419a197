package dev.sphereclr.pretrain.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.data.ImageFolder;
import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.augment.loader.BatchSource;
import dev.sphereclr.augment.loader.UploadBuffers;
import dev.sphereclr.augment.transform.Augmentation;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.encoder.io.SafeTensors;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.encoder.nn.TensorLayout;
import dev.sphereclr.encoder.nn.TorchvisionNames;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.ResolutionSchedule;
import dev.sphereclr.pretrain.knn.KnnMonitor;
import dev.sphereclr.pretrain.knn.WeightedKnn;
import dev.sphereclr.pretrain.loss.MultiSimilarityLoss;
import dev.sphereclr.pretrain.loss.NPairLoss;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.loss.TripletLoss;
import dev.sphereclr.pretrain.loss.TripletSemihardLoss;
import dev.sphereclr.pretrain.method.ContrastiveMethod;
import dev.sphereclr.pretrain.method.MetricLearning;
import dev.sphereclr.pretrain.method.MoCoV2;
import dev.sphereclr.pretrain.method.Objective;
import dev.sphereclr.pretrain.method.SimClr;
import dev.sphereclr.pretrain.method.SupCon;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.optim.AdamW;
import dev.sphereclr.pretrain.optim.Lars;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.pretrain.optim.Sgd;
import dev.sphereclr.pretrain.optim.TrainableParameter;
import dev.sphereclr.pretrain.optim.WeightSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's parts, built from its settings once: the batch layout, the data, the model, the
 * optimizer, the method and the kNN monitor.
 *
 * @param layout the batch layout ({@code auto} resolved)
 * @param uploads host-to-device copies of the batches
 * @param source the batches
 * @param datasetDescription what the batches come from
 * @param skippedImages images left out or stood in for as unreadable, so far (an on-demand folder
 *     finds them while training)
 * @param model encoder and head
 * @param params the model's trainable parameters
 * @param optimizer the optimizer
 * @param objective the method's contrastive loss plus SEC (or its L2 ablation), weighted
 * @param monitor the kNN monitor, or {@code null}
 * @param resolution progressive resizing of the views, or {@code null}
 */
record RunAssembly(
        TensorLayout layout,
        UploadBuffers uploads,
        BatchSource source,
        String datasetDescription,
        IntSupplier skippedImages,
        SslModel model,
        Replicas replicas,
        List<TrainableParameter> params,
        Optimizer optimizer,
        Objective objective,
        KnnMonitor monitor,
        ResolutionSwitch resolution) {

    private static final Logger LOG = LoggerFactory.getLogger(RunAssembly.class);

    /**
     * Builds the parts of {@code config} in {@code manager}.
     *
     * @param given batches to train on, or {@code null} to read the configured dataset
     */
    static RunAssembly build(PretrainConfig config, NDManager manager, BatchSource given)
            throws IOException {
        return build(config, manager, given, true);
    }

    /**
     * @param fresh a new run: the encoder starts from {@code --init-from} if set (a resume restores
     *     its checkpoint instead, and needs no file)
     */
    static RunAssembly build(
            PretrainConfig config, NDManager manager, BatchSource given, boolean fresh)
            throws IOException {
        // The data checked before the probe: bad data is refused before any work.
        ImageDataset data = given == null ? TrainingData.openChecked(config) : null;
        if (fresh
                && config.model.initFrom != null
                && !Files.isRegularFile(Path.of(config.model.initFrom))) {
            throw new SettingException("--init-from " + config.model.initFrom + ": no such file");
        }
        // Before seeding: the probe's throwaway model must not move the run's random streams.
        TensorLayout layout = resolveLayout(config, manager);
        Engine.getInstance().setRandomSeed((int) config.run.seed);
        BatchSource source = given;
        String description = "random input";
        IntSupplier skipped = () -> 0;
        KnnMonitor monitor = null;
        if (given == null) {
            if (data instanceof ImageFolder folder) {
                skipped = folder::skipped;
            }
            description = data.describe();
            source =
                    BatchLoader.builder()
                            .setDataset(data)
                            .setTransform(views(config, config.data.imageSize))
                            .setBatchSize(config.budget.batchSize)
                            .optImagesPerClass(config.budget.imagesPerClass)
                            .optSeed(config.run.seed)
                            .optWorkers(config.run.workers)
                            .build();
            if (config.run.knnEvery > 0) {
                monitor =
                        new KnnMonitor(
                                TrainingData.open(config, true),
                                TrainingData.open(config, false),
                                config.evalView(),
                                config.run.knnTrainLimit,
                                config.run.workers,
                                layout,
                                WeightedKnn.standard());
            }
        }
        ResolutionSchedule schedule = config.resolution();
        BatchSource batches = source;
        ResolutionSwitch resolution =
                schedule == null
                        ? null
                        : new ResolutionSwitch(schedule, batches, size -> views(config, size));
        SslModel model = config.modelSpec().build(manager);
        if (fresh && config.model.initFrom != null) {
            // Before the method and the replicas copy the model (MoCo's key encoder too).
            Path file = Path.of(config.model.initFrom);
            List<String> leftOut =
                    TorchvisionNames.load(model.resnet(), SafeTensors.read(file).tensors(), file);
            LOG.info(
                    "encoder from {}{}",
                    file,
                    leftOut.isEmpty() ? "" : " (" + leftOut + " left out: not the encoder)");
        }
        List<TrainableParameter> params = TrainableParameter.of(model);
        ContrastiveMethod method =
                switch (config.method.kind) {
                    case SIMCLR -> new SimClr(model, config.method.temperature);
                    case SUPCON -> new SupCon(model, config.method.temperature);
                    case TRIPLET ->
                            new MetricLearning(model, "triplet", new TripletLoss(1.0)::compute);
                    case SEMIHARD_TRIPLET ->
                            new MetricLearning(
                                    model,
                                    "semihard-triplet",
                                    new TripletSemihardLoss(0.2)::compute);
                    case NPAIR -> new MetricLearning(model, "npair", new NPairLoss()::compute);
                    case MULTI_SIMILARITY ->
                            new MetricLearning(
                                    model, "multi-similarity", new MultiSimilarityLoss()::compute);
                    case MOCOV2 ->
                            new MoCoV2(model, config.modelSpec(), manager, mocoSettings(config));
                };
        return new RunAssembly(
                layout,
                new UploadBuffers(layout),
                source,
                description,
                skipped,
                model,
                replicas(config, model, manager),
                params,
                optimizer(config, manager),
                objective(config, method),
                monitor,
                resolution);
    }

    /** The trained model and, with {@code --devices}, its copies on the other devices. */
    private static Replicas replicas(PretrainConfig config, SslModel model, NDManager manager) {
        ParameterStore store = new ParameterStore(manager, false);
        List<String> devices = config.replicaDevices();
        if (devices.size() <= 1) {
            return Replicas.single(model, store);
        }
        return new Replicas(
                model,
                store,
                config.modelSpec(),
                devices.subList(1, devices.size()).stream().map(Devices::of).toList());
    }

    /** The run's two global views at side {@code size}, then its small views (multi-crop). */
    static MultiViewTransform views(PretrainConfig config, int size) {
        String preset = config.resolvedAugmentation();
        Augmentation augmentation = config.augmentation();
        ViewConfig global = augmentation.applyTo(Presets.byName(preset, size).toBuilder()).build();
        List<ViewConfig> views =
                new ArrayList<>(Collections.nCopies(config.method.kind.views(), global));
        if (config.data.smallCrops > 0) {
            ViewConfig small =
                    augmentation
                            .applyTo(Presets.byName(preset, config.data.smallCropSize).toBuilder())
                            .optCropScale(
                                    config.data.smallCropScaleMin, config.data.smallCropScaleMax)
                            .build();
            views.addAll(Collections.nCopies(config.data.smallCrops, small));
        }
        return new MultiViewTransform(views);
    }

    /**
     * The method's loss plus the SEC (or, with {@code --sec-target zero}, its L2 ablation) at
     * {@code --sec-weight}, ramped with {@code --sec-ramp}. It is evaluated at weight 0 too: its
     * value is in every row of metrics.csv.
     */
    static Objective objective(PretrainConfig config, ContrastiveMethod method) {
        SphericalEmbeddingConstraint sec =
                new SphericalEmbeddingConstraint(config.sec.target, config.sec.momentum);
        return new Objective(
                method,
                List.of(
                        new Objective.Term(
                                sec, new WeightSchedule(config.sec.weight, config.sec.ramp))));
    }

    private static Optimizer optimizer(PretrainConfig config, NDManager manager) {
        return switch (config.optimizer.kind) {
            case LARS ->
                    new Lars(
                            manager,
                            config.optimizer.momentum,
                            config.optimizer.weightDecay,
                            config.optimizer.trustCoefficient);
            case SGD -> new Sgd(manager, config.optimizer.momentum, config.optimizer.weightDecay);
            case ADAMW -> new AdamW(manager, config.optimizer.weightDecay);
        };
    }

    private static MoCoV2.Settings mocoSettings(PretrainConfig c) {
        return new MoCoV2.Settings(
                c.method.temperature,
                c.method.queueSize,
                c.method.keyMomentum,
                c.method.keyMomentumCosine,
                c.method.symmetricLoss,
                c.method.shuffleGroups,
                c.run.seed);
    }

    /**
     * The run's batch layout: the configured one, or for {@code auto} the faster of the two for
     * this model on this machine, which then replaces {@code auto} in the configuration (and so in
     * config.json, which a resume reads).
     */
    private static TensorLayout resolveLayout(PretrainConfig config, NDManager manager) {
        TensorLayout fixed = config.fixedLayout();
        if (fixed != null) {
            return fixed;
        }
        TensorLayout.Choice choice = LayoutProbe.inChildJvm(config, manager);
        LOG.info("batch layout: {}", choice);
        config.run.layout = choice.layout().id();
        return choice.layout();
    }
}
